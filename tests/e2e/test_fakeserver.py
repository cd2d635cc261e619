"""The fault-injecting server's own tests: it must misbehave exactly as scripted."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
from fakeserver import (
    DEFAULT_TEXT,
    FakeServer,
    cut,
    drip,
    hang,
    malformed,
    reply,
    stall,
    status,
    tokens,
)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer(hold_seconds=5) as running:
        yield running
    assert running.errors == []


def chat(stream: bool = False, **extra: Any) -> dict[str, Any]:
    return {
        "model": "m",
        "messages": [{"role": "user", "content": "hello"}],
        "stream": stream,
        **extra,
    }


def sse_events(body: str) -> list[str]:
    """The data payloads of an SSE body, in order."""
    return [
        block.removeprefix("data: ") for block in body.split("\n\n") if block.startswith("data: ")
    ]


def stream_body(server: FakeServer, timeout: float = 5.0, **extra: Any) -> str:
    with (
        httpx.Client(timeout=timeout) as client,
        client.stream("POST", f"{server.base_url}/chat/completions", json=chat(True, **extra)) as r,
    ):
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        return r.read().decode()


def test_binds_loopback_on_a_free_port(server: FakeServer) -> None:
    assert server.base_url.startswith("http://127.0.0.1:")
    assert server.port > 0
    with FakeServer() as other:
        assert other.port != server.port


def test_models_lists_the_model(server: FakeServer) -> None:
    response = httpx.get(f"{server.base_url}/models")
    assert response.status_code == 200
    assert [m["id"] for m in response.json()["data"]] == ["fake-model"]
    assert server.chat_requests == []


def test_non_streamed_reply_is_a_chat_completion(server: FakeServer) -> None:
    server.script(reply("Tell me about the result."))
    response = httpx.post(f"{server.base_url}/chat/completions", json=chat())
    body = response.json()
    assert response.status_code == 200
    assert body["object"] == "chat.completion"
    assert body["choices"][0]["message"] == {
        "role": "assistant",
        "content": "Tell me about the result.",
    }
    assert body["choices"][0]["finish_reason"] == "stop"


def test_streamed_reply_is_real_sse_ending_with_done(server: FakeServer) -> None:
    server.script(reply("One two three."))
    events = sse_events(stream_body(server))
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert text == "One two three."
    assert [c["choices"][0]["finish_reason"] for c in chunks][-1] == "stop"
    assert all(c["choices"][0]["finish_reason"] is None for c in chunks[:-1])
    assert len(chunks) == 2 + len(tokens("One two three."))


def test_usage_chunk_only_when_asked(server: FakeServer) -> None:
    with_usage = sse_events(stream_body(server, stream_options={"include_usage": True}))
    without = sse_events(stream_body(server))
    usage = json.loads(with_usage[-2])
    assert usage["choices"] == []
    assert usage["usage"]["completion_tokens"] == len(tokens(DEFAULT_TEXT))
    assert not any('"usage"' in e for e in without)


def test_tokens_round_trip_any_text() -> None:
    for text in ["", "  lead", "a  b\n\nc ", "ünïcødé ✓ 漢字"]:
        assert "".join(tokens(text)) == text


@pytest.mark.parametrize(
    ("code", "error_code"),
    [
        (429, "rate_limit_exceeded"),
        (500, None),
        (502, None),
        (503, None),
        (401, "invalid_api_key"),
        (400, "invalid_value"),
    ],
)
def test_status_faults_have_openai_error_bodies(
    server: FakeServer, code: int, error_code: str | None
) -> None:
    server.script(status(code, retry_after=2 if code == 429 else None))
    response = httpx.post(f"{server.base_url}/chat/completions", json=chat(True))
    assert response.status_code == code
    error = response.json()["error"]
    assert set(error) >= {"message", "type", "code"}
    assert error["message"]
    assert error["code"] == error_code
    assert response.headers.get("retry-after") == ("2" if code == 429 else None)


def test_hang_accepts_and_never_answers(server: FakeServer) -> None:
    server.script(hang())
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(f"{server.base_url}/chat/completions", json=chat(True), timeout=0.3)
    assert len(server.chat_requests) == 1
    assert server.chat_requests[0].behaviour == "hang"


def test_stall_sends_some_chunks_then_goes_silent(server: FakeServer) -> None:
    server.script(stall(after=2, text="alpha beta gamma delta"))
    received: list[str] = []
    with (
        httpx.Client(timeout=0.5) as client,
        client.stream("POST", f"{server.base_url}/chat/completions", json=chat(True)) as r,
        pytest.raises(httpx.ReadTimeout),
    ):
        received.extend(r.iter_lines())
    contents = [
        json.loads(line[6:])["choices"][0]["delta"].get("content", "")
        for line in received
        if line.startswith("data: ")
    ]
    assert "".join(contents) == "alpha beta "


def test_clean_cut_ends_without_finish_reason_or_done(server: FakeServer) -> None:
    server.script(cut(after=3, text="one two three four five"))
    events = sse_events(stream_body(server))
    assert "[DONE]" not in events
    chunks = [json.loads(e) for e in events]
    assert all(c["choices"][0]["finish_reason"] is None for c in chunks)
    assert "".join(c["choices"][0]["delta"].get("content", "") for c in chunks) == "one two three "


def test_aborted_cut_drops_the_connection(server: FakeServer) -> None:
    server.script(cut(after=1, abort=True))
    with pytest.raises(httpx.RemoteProtocolError):
        stream_body(server)


def test_malformed_chunk_is_not_json(server: FakeServer) -> None:
    server.script(malformed(after=1))
    events = sse_events(stream_body(server))
    bad = [e for e in events if e != "[DONE]" and not _is_json(e)]
    assert len(bad) == 1
    assert events.index(bad[0]) == 2  # role chunk, one content chunk, then the bad one


def test_malformed_non_streamed_body(server: FakeServer) -> None:
    server.script(malformed())
    response = httpx.post(f"{server.base_url}/chat/completions", json=chat())
    assert response.status_code == 200
    assert not _is_json(response.text)


def test_drip_spaces_tokens_out(server: FakeServer) -> None:
    server.script(drip("a b c d", delay=0.1))
    arrivals: list[float] = []
    with (
        httpx.Client(timeout=5) as client,
        client.stream("POST", f"{server.base_url}/chat/completions", json=chat(True)) as r,
    ):
        for line in r.iter_lines():
            if line.startswith("data: {") and '"content": "' in line and '""' not in line:
                arrivals.append(time.monotonic())
    assert len(arrivals) == 4
    assert arrivals[-1] - arrivals[0] >= 0.25


def test_script_is_used_in_order_then_default(server: FakeServer) -> None:
    server.script(status(500), status(503), reply("third"))
    assert server.pending == 3
    codes = [
        httpx.post(f"{server.base_url}/chat/completions", json=chat()).status_code for _ in range(4)
    ]
    assert codes == [500, 503, 200, 200]
    assert server.pending == 0
    assert [r.behaviour for r in server.chat_requests] == [
        "status 500",
        "status 503",
        "reply",
        "reply",
    ]
    server.always(status(502))
    assert httpx.post(f"{server.base_url}/chat/completions", json=chat()).status_code == 502


def test_records_headers_and_json_body(server: FakeServer) -> None:
    httpx.post(
        f"{server.base_url}/chat/completions",
        json=chat(temperature=0.2),
        headers={"Authorization": "Bearer sk-test"},
    )
    (recorded,) = server.chat_requests
    assert recorded.method == "POST"
    assert recorded.header("authorization") == "Bearer sk-test"
    assert recorded.json["temperature"] == 0.2
    assert recorded.json["messages"] == [{"role": "user", "content": "hello"}]


def test_keeps_connections_alive(server: FakeServer) -> None:
    with httpx.Client() as client:
        for _ in range(3):
            client.post(f"{server.base_url}/chat/completions", json=chat())
        with client.stream("POST", f"{server.base_url}/chat/completions", json=chat(True)) as r:
            r.read()
        client.post(f"{server.base_url}/chat/completions", json=chat())
    assert server.connections == 1
    assert len(server.chat_requests) == 5


def test_unknown_route_and_bad_json_are_errors(server: FakeServer) -> None:
    assert httpx.get(f"{server.base_url}/nope").status_code == 404
    response = httpx.post(
        f"{server.base_url}/chat/completions",
        content=b"{not json",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"]


def test_stop_is_prompt_while_a_client_hangs() -> None:
    server = FakeServer(hold_seconds=30).start()
    server.script(hang())
    with httpx.Client(timeout=5) as client:
        thread = threading.Thread(
            target=lambda: _swallow(
                client.post, f"{server.base_url}/chat/completions", json=chat()
            ),
            daemon=True,
        )
        thread.start()
        assert server.wait_for_requests(1)
        began = time.monotonic()
        server.stop()
        assert time.monotonic() - began < 3
        thread.join(timeout=5)
        assert not thread.is_alive()


# ---------------------------------------------------------------- facts about the real SDK


def sdk(server: FakeServer, **options: Any) -> openai.AsyncOpenAI:
    settings: dict[str, Any] = {"max_retries": 0, "timeout": 2, **options}
    return openai.AsyncOpenAI(base_url=server.base_url, api_key="sk-test", **settings)


async def test_sdk_streams_from_the_server(server: FakeServer) -> None:
    server.script(reply("Walk me through the metrics."))
    async with sdk(server) as client:
        stream = await client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "hi"}], stream=True
        )
        pieces = [c.choices[0].delta.content or "" async for c in stream if c.choices]
    assert "".join(pieces) == "Walk me through the metrics."


async def test_sdk_ends_a_clean_cut_quietly_without_finish_reason(server: FakeServer) -> None:
    server.script(cut(after=2, text="one two three"))
    finishes: list[str | None] = []
    async with sdk(server) as client:
        stream = await client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "hi"}], stream=True
        )
        text = ""
        async for chunk in stream:
            text += chunk.choices[0].delta.content or ""
            finishes.append(chunk.choices[0].finish_reason)
    assert text == "one two "
    assert set(finishes) == {None}


async def test_sdk_raises_json_error_on_malformed_chunk(server: FakeServer) -> None:
    server.script(malformed(after=1))
    async with sdk(server) as client:
        stream = await client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "hi"}], stream=True
        )
        with pytest.raises(json.JSONDecodeError):
            async for _ in stream:
                pass


async def test_sdk_maps_401_to_authentication_error(server: FakeServer) -> None:
    server.script(status(401))
    async with sdk(server) as client:
        with pytest.raises(openai.AuthenticationError, match="Incorrect API key"):
            await client.chat.completions.create(
                model="m", messages=[{"role": "user", "content": "hi"}], stream=True
            )


async def test_sdk_own_retry_honours_retry_after(server: FakeServer) -> None:
    server.script(status(429, retry_after=0.3))
    async with sdk(server, max_retries=1) as client:
        await client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
    first, second = server.chat_requests
    assert second.at - first.at >= 0.25


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _swallow(call: Any, *args: Any, **kwargs: Any) -> None:
    with contextlib.suppress(httpx.HTTPError):
        call(*args, **kwargs)
