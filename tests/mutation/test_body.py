"""Reading a body within the call's bounds, at its edges: which codings are inflated (and in which
order), a body fed a few bytes at a time, raw deflate only as the first guess fails, the exact
messages of a body that does not inflate, the size cap one byte either side with the head kept,
the deadline passing mid-body, a body already read, and the response closed whatever happens.
`read_body` / `aread_body` on httpx responses whose raw bytes come in the chunks given."""

from __future__ import annotations

import gzip
import time
import zlib
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from oauth_clients._runtime.body import (
    ACCEPT_ENCODING,
    HEAD_BYTES,
    PIECE,
    UndecodableBody,
    aread_body,
    is_read,
    read_body,
)
from oauth_clients._runtime.limits import CallLimits, DeadlineExceeded, ResponseTooLarge

REQUEST = httpx.Request("GET", "http://127.0.0.1/things")
PAYLOAD = b"".join(b'{"n": %d, "text": "%s"}\n' % (n, b"x" * (n % 50)) for n in range(3000))


class Chunks(httpx.SyncByteStream, httpx.AsyncByteStream):
    """The raw bytes of a body in the chunks given; notes whether it was closed."""

    def __init__(self, data: bytes, size: int) -> None:
        self.chunks = [data[i : i + size] for i in range(0, len(data), size)]
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def response(data: bytes, encoding: str | None = None, size: int = 1000) -> httpx.Response:
    headers = {} if encoding is None else {"Content-Encoding": encoding}
    return httpx.Response(200, headers=headers, stream=Chunks(data, size), request=REQUEST)


def limits(max_bytes: int = 10**9, deadline: float = 60.0) -> CallLimits:
    return CallLimits(deadline, time.monotonic() + deadline, max_bytes)


async def read(asynchronous: bool, answer: httpx.Response, bounds: CallLimits) -> bytes:
    if asynchronous:
        await aread_body(answer, bounds)
    else:
        read_body(answer, bounds)
    return answer.content


def raw_deflate(data: bytes) -> bytes:
    return zlib.compress(data)[2:-4]


BOTH = pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])

CODINGS = {
    "gzip": gzip.compress,
    "x-gzip": gzip.compress,
    "GZip": gzip.compress,
    "deflate": zlib.compress,
    " Deflate ": raw_deflate,
    "gzip, deflate": lambda data: zlib.compress(gzip.compress(data)),
    "deflate,gzip": lambda data: gzip.compress(zlib.compress(data)),
    "gzip, gzip, gzip": lambda data: gzip.compress(gzip.compress(gzip.compress(data))),
    "br": lambda data: data,  # not asked for: passed through as it is
    "identity": lambda data: data,
    "": lambda data: data,
}


@BOTH
@pytest.mark.parametrize("size", [7, 1000, 10**7], ids=["7-byte-chunks", "1000-byte-chunks", "one-chunk"])
@pytest.mark.parametrize("coding", CODINGS)
async def test_each_coding_is_inflated_as_sent_in_any_chunking(coding, size, asynchronous):
    answer = response(CODINGS[coding](PAYLOAD), coding, size)
    assert await read(asynchronous, answer, limits()) == PAYLOAD
    assert answer.is_closed and answer.stream.closed


def test_the_client_asks_for_the_codings_it_inflates():
    assert ACCEPT_ENCODING == "gzip, deflate"


def test_a_large_body_inflates_past_many_pieces():
    big = PAYLOAD * 40  # ~2.5 MiB, about ten pieces
    assert len(big) > 8 * PIECE == 8 * 256 * 1024
    answer = response(gzip.compress(big, 9), "gzip", 1 << 20)
    read_body(answer, limits())
    assert answer.content == big


def test_inflating_stops_at_the_end_of_the_compressed_stream():
    # Bytes after the end of a gzip member are not inflated (nor an error): what zlib stops at.
    answer = response(gzip.compress(PAYLOAD) + b"trailing", "gzip", 50)
    read_body(answer, limits())
    assert answer.content == PAYLOAD


@BOTH
@pytest.mark.parametrize(
    ("coding", "data", "problem"),
    [
        (
            "gzip",
            b"\x1f\x8b\x08\x00not gzip at all",
            "the body is not valid gzip (Error -3 while decompressing data: ",
        ),
        (
            "deflate",
            b"\xff\xfe not deflate",
            "the body is not valid deflate (Error -3 while decompressing data: ",
        ),
        ("gzip", zlib.compress(PAYLOAD), "the body is not valid gzip (Error -3 while decompressing data: "),
    ],
    ids=["gzip", "deflate", "zlib-as-gzip"],
)
async def test_a_body_that_does_not_inflate_names_its_coding(coding, data, problem, asynchronous):
    answer = response(data, coding)
    with pytest.raises(UndecodableBody) as raised:
        await read(asynchronous, answer, limits())
    assert str(raised.value).startswith(problem) and str(raised.value).endswith(")")
    assert raised.value.problem == str(raised.value) and raised.value.response is answer
    assert raised.value.__cause__ is None and raised.value.__suppress_context__
    assert answer.is_closed


def test_raw_deflate_is_only_the_first_guess_and_not_a_way_past_a_corrupted_body():
    # A zlib body that goes bad after it started is not retried as raw deflate.
    good = zlib.compress(PAYLOAD)
    corrupted = good[:200] + bytes(b ^ 0xFF for b in good[200:260]) + good[260:]
    answer = response(corrupted, "deflate", 100)
    with pytest.raises(
        UndecodableBody, match=r"^the body is not valid deflate \(Error -3 while decompressing"
    ):
        read_body(answer, limits())


def test_a_body_cut_short_inside_the_compressed_stream_ends_with_what_inflated():
    compressed = zlib.compress(PAYLOAD)
    answer = response(compressed[: len(compressed) // 2], "deflate", 64)
    read_body(answer, limits())
    assert 0 < len(answer.content) < len(PAYLOAD) and PAYLOAD.startswith(answer.content)


def test_a_gzip_body_missing_its_trailer_gives_what_inflated():
    compressed = gzip.compress(PAYLOAD)
    answer = response(compressed[:-3], "gzip", 64)  # the trailer (length) cut short
    read_body(answer, limits())
    assert answer.content == PAYLOAD


@BOTH
@pytest.mark.parametrize("coding", [None, "gzip"])
async def test_a_body_exactly_at_the_cap_is_read_and_one_byte_more_is_refused(coding, asynchronous):
    encode = gzip.compress if coding else (lambda data: data)
    at_cap = response(encode(PAYLOAD), coding, 999)
    assert await read(asynchronous, at_cap, limits(len(PAYLOAD))) == PAYLOAD
    over = response(encode(PAYLOAD), coding, 999)
    with pytest.raises(ResponseTooLarge) as raised:
        await read(asynchronous, over, limits(len(PAYLOAD) - 1))
    error = raised.value
    assert (error.response, error.limit) == (over, len(PAYLOAD) - 1)
    assert error.head == PAYLOAD[:HEAD_BYTES] and HEAD_BYTES == 64 * 1024
    assert over.is_closed


@pytest.mark.parametrize(("cap", "chunk"), [(100, 60), (100, 30), (100, 1000), (150, 60)])
def test_the_head_of_a_body_too_large_is_its_first_cap_bytes_across_chunks(cap, chunk):
    body = bytes(range(256)) * 2
    with pytest.raises(ResponseTooLarge) as raised:
        read_body(response(body, None, chunk), limits(cap))
    assert raised.value.head == body[:cap] and raised.value.limit == cap


def test_the_head_of_a_large_body_too_large_is_64_kib():
    body = bytes(range(256)) * 1024  # 256 KiB
    with pytest.raises(ResponseTooLarge) as raised:
        read_body(response(body, None, 10_000), limits(200 * 1024))
    assert raised.value.head == body[: 64 * 1024]


@BOTH
async def test_the_deadline_passing_mid_body_stops_the_read(asynchronous):
    spent = CallLimits(2.5, time.monotonic() - 0.1, 10**9)
    answer = response(PAYLOAD, None, 100)
    with pytest.raises(DeadlineExceeded) as raised:
        await read(asynchronous, answer, spent)
    assert str(raised.value) == "the deadline of 2.5 s passed while reading the body"
    assert raised.value.request is REQUEST
    assert answer.is_closed


@BOTH
async def test_a_body_already_in_memory_is_checked_against_the_cap_only(asynchronous):
    small = httpx.Response(200, content=b"0123456789", request=REQUEST)
    assert is_read(small)
    assert await read(asynchronous, small, limits(10)) == b"0123456789"
    large = httpx.Response(200, content=b"0123456789", request=REQUEST)
    with pytest.raises(ResponseTooLarge) as raised:
        await read(asynchronous, large, limits(9))
    assert (raised.value.response, raised.value.limit, raised.value.head) == (large, 9, b"012345678")


def test_the_head_of_a_large_body_already_read_is_64_kib():
    body = bytes(range(256)) * 1024
    with pytest.raises(ResponseTooLarge) as raised:
        read_body(httpx.Response(200, content=body, request=REQUEST), limits(100 * 1024))
    assert raised.value.head == body[: 64 * 1024]


def test_a_streamed_body_is_not_read_until_read():
    answer = response(b"abc")
    assert not is_read(answer)
    read_body(answer, limits())
    assert is_read(answer) and answer.content == b"abc"


def _bits(value: int, count: int) -> list[int]:
    return [(value >> i) & 1 for i in range(count)]


def _code(code: str) -> list[int]:
    return [int(bit) for bit in code]  # Huffman codes go into the stream most significant bit first


def held_back_deflate(literals: int) -> tuple[bytes, int]:
    """A raw deflate stream (one dynamic-Huffman block of `a` literals and 258-byte matches) whose
    last match crosses the PIECE boundary in its last byte: zlib consumes every byte and still holds
    the end of that match, which only `flush()` gives back. Returns it and its inflated length."""
    bits = [*_bits(1, 1), *_bits(2, 2), *_bits(29, 5), *_bits(0, 5), *_bits(14, 4)]  # 286 and 1 codes
    order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1]
    length_codes = {0: "0", 1: "10", 2: "11"}  # the code of each code length
    for symbol in order:
        bits += _bits({0: 1, 1: 2, 2: 2}.get(symbol, 0), 3)
    lengths = [0] * 286 + [1]  # then the one distance code (distance 1), 1 bit
    lengths[ord("a")], lengths[256], lengths[285] = 1, 2, 2  # "a": 0, end: 10, length 258: 11
    for length in lengths:
        bits += _code(length_codes[length])
    matches = -(-(PIECE - literals) // 258)
    bits += _code("0") * literals + _code("110") * matches + _code("10")
    bits += [0] * (-len(bits) % 8)
    data = bytes(sum(bit << i for i, bit in enumerate(bits[at : at + 8])) for at in range(0, len(bits), 8))
    return data, literals + 258 * matches


@BOTH
@pytest.mark.parametrize("literals", [4, 5, 6])
async def test_what_zlib_holds_back_at_the_end_of_the_body_is_kept(literals, asynchronous):
    data, size = held_back_deflate(literals)
    held = zlib.decompressobj(-zlib.MAX_WBITS)
    assert len(held.decompress(data, PIECE)) == PIECE and held.unconsumed_tail == b"" and not held.eof
    assert len(held.flush()) == size - PIECE > 0  # the case: the rest comes from flush() alone
    assert await read(asynchronous, response(data, "deflate", len(data)), limits()) == b"a" * size


def test_once_a_zlib_body_has_started_a_bad_chunk_is_not_read_as_raw_deflate():
    # The second chunk is a whole raw deflate stream: read as one, it would inflate to "hello".
    started = zlib.compress(PAYLOAD)[:300]
    answer = httpx.Response(
        200, headers={"Content-Encoding": "deflate"}, stream=Chunked([started, raw_deflate(b"hello" * 20)])
    )
    with pytest.raises(
        UndecodableBody, match=r"^the body is not valid deflate \(Error -3 while decompressing"
    ):
        read_body(answer, limits())


class Chunked(httpx.SyncByteStream):
    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks
