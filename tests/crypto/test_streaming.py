"""The sealed-blob format: Tink interop both ways, tamper evidence, random access, writer."""

from __future__ import annotations

import errno
import io
import os
import random
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import tink
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tink import secret_key_access, streaming_aead
from tink.proto import aes_gcm_hkdf_streaming_pb2, common_pb2, tink_pb2

from tests.short_reads import ShortReads
from vigdesk.core.errors import Cancelled, IntegrityError, StorageFull, StorageReadOnly
from vigdesk.crypto.streaming import (
    HEADER_LEN,
    SEGMENT_SIZE,
    SealedReader,
    SealedWriter,
    ciphertext_size,
    open_bytes,
    plaintext_size,
    seal_bytes,
)

TAG = 16
S = SEGMENT_SIZE
FIRST = S - HEADER_LEN - TAG  # plaintext in a full first segment
PLAIN = S - TAG  # plaintext in any other full segment
KEY = bytes(range(32))
AD = b"vigdesk/blob/v1/0123456789abcdef"
SIZES = [0, 1, FIRST - 1, FIRST, FIRST + 1, FIRST + PLAIN - 1, FIRST + PLAIN, FIRST + PLAIN + 1]
BIG = 50_000_000
# hypothesis examples share module fixtures; the autouse per-test folders do not matter to them
shared_fixtures = settings(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def data_of(n: int, seed: int = 0) -> bytes:
    return random.Random(seed * 1_000_003 + n).randbytes(n)


def tink_primitive(key: bytes) -> streaming_aead.StreamingAead:
    """Tink's own AES256_GCM_HKDF_1MB primitive over a raw key (RAW output prefix)."""
    streaming_aead.register()
    params = aes_gcm_hkdf_streaming_pb2.AesGcmHkdfStreamingParams(
        ciphertext_segment_size=S, derived_key_size=32, hkdf_hash_type=common_pb2.SHA256
    )
    key_proto = aes_gcm_hkdf_streaming_pb2.AesGcmHkdfStreamingKey(
        version=0, params=params, key_value=key
    )
    keyset = tink_pb2.Keyset(
        primary_key_id=7,
        key=[
            tink_pb2.Keyset.Key(
                key_data=tink_pb2.KeyData(
                    type_url="type.googleapis.com/google.crypto.tink.AesGcmHkdfStreamingKey",
                    value=key_proto.SerializeToString(),
                    key_material_type=tink_pb2.KeyData.SYMMETRIC,
                ),
                status=tink_pb2.ENABLED,
                key_id=7,
                output_prefix_type=tink_pb2.RAW,
            )
        ],
    )
    handle = tink.proto_keyset_format.parse(keyset.SerializeToString(), secret_key_access.TOKEN)
    return handle.primitive(streaming_aead.StreamingAead)


@pytest.fixture(scope="module")
def tink_aead() -> streaming_aead.StreamingAead:
    return tink_primitive(KEY)


def seal_file(path: Path, plaintext: bytes, chunk: int = 65_537) -> Path:
    with SealedWriter(path, KEY, AD) as writer:
        for at in range(0, len(plaintext), chunk):
            writer.write(memoryview(plaintext)[at : at + chunk])
    return path


# --- sizes and Tink interop -------------------------------------------------


def test_format_constants() -> None:
    assert (SEGMENT_SIZE, HEADER_LEN) == (1_048_576, 40)
    assert ciphertext_size(0) == 56
    assert ciphertext_size(FIRST) == S
    assert ciphertext_size(FIRST + 1) == S + 1 + TAG
    assert ciphertext_size(FIRST + PLAIN) == 2 * S


@pytest.mark.parametrize("n", [*SIZES, 3 * S, BIG])
def test_plaintext_size_inverts_ciphertext_size(n: int) -> None:
    assert plaintext_size(ciphertext_size(n)) == n


@pytest.mark.parametrize("blob_len", [0, 1, 55, S + 1, S + TAG - 1, 2 * S + 15])
def test_impossible_lengths_are_rejected(blob_len: int) -> None:
    with pytest.raises(IntegrityError):
        plaintext_size(blob_len)


@pytest.mark.parametrize("n", [*SIZES, BIG])
def test_tink_decrypts_our_blobs(
    n: int, tmp_path: Path, tink_aead: streaming_aead.StreamingAead
) -> None:
    plaintext = data_of(n)
    blob = seal_file(tmp_path / "blob", plaintext, chunk=65_537 if n < BIG else 3_000_001)
    assert blob.stat().st_size == ciphertext_size(n)
    assert blob.read_bytes()[:1] == bytes([HEADER_LEN])
    with blob.open("rb") as source, tink_aead.new_decrypting_stream(source, AD) as stream:
        assert stream.read() == plaintext


@pytest.mark.parametrize("n", [*SIZES, BIG])
def test_we_decrypt_tink_blobs(
    n: int, tmp_path: Path, tink_aead: streaming_aead.StreamingAead
) -> None:
    plaintext = data_of(n, seed=1)
    blob = tmp_path / "tink"
    with blob.open("wb") as dest, tink_aead.new_encrypting_stream(dest, AD) as stream:
        stream.write(plaintext)
    assert blob.stat().st_size == ciphertext_size(n)
    with SealedReader(blob, KEY, AD) as reader:
        assert reader.size == n
        assert reader.read() == plaintext


@pytest.mark.parametrize("n", [0, FIRST, FIRST + PLAIN, FIRST + PLAIN + 1])
def test_bytes_api_interoperates_with_tink(n: int, tink_aead: streaming_aead.StreamingAead) -> None:
    plaintext = data_of(n, seed=2)
    blob = seal_bytes(KEY, AD, plaintext)
    assert len(blob) == ciphertext_size(n)
    with tink_aead.new_decrypting_stream(io.BytesIO(blob), AD) as stream:
        assert stream.read() == plaintext
    assert open_bytes(KEY, AD, blob) == plaintext


def test_tink_accepts_a_final_tag_only_segment_and_so_do_we(
    tink_aead: streaming_aead.StreamingAead,
) -> None:
    """Another valid encoding of FIRST bytes: a full non-last segment 0, then an empty last."""
    from vigdesk.crypto.segments import SegmentCipher

    plaintext = data_of(FIRST, seed=3)
    header = bytes([HEADER_LEN]) + os.urandom(39)
    cipher = SegmentCipher(KEY, AD, header)
    first, last = bytearray(S - HEADER_LEN), bytearray(TAG)
    cipher.encrypt_into(0, False, memoryview(plaintext), memoryview(first))
    cipher.encrypt_into(1, True, memoryview(b""), memoryview(last))
    blob = header + first + last
    with tink_aead.new_decrypting_stream(io.BytesIO(blob), AD) as stream:
        assert stream.read() == plaintext
    assert open_bytes(KEY, AD, blob) == plaintext


# --- tamper evidence ----------------------------------------------------------

FOUR_SEGMENTS = FIRST + 2 * PLAIN + 1000


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes, bytes]:
    """A four-segment blob on disk: (path, plaintext, blob bytes)."""
    plaintext = data_of(FOUR_SEGMENTS, seed=4)
    path = seal_file(tmp_path_factory.mktemp("sealed") / "blob", plaintext)
    return path, plaintext, path.read_bytes()


def seg(blob: bytes, i: int) -> bytes:
    """Ciphertext segment `i` of `blob` (segment 0 follows the header)."""
    return blob[HEADER_LEN:S] if i == 0 else blob[i * S : (i + 1) * S]


def test_untouched_blob_opens(sealed: tuple[Path, bytes, bytes]) -> None:
    _, plaintext, blob = sealed
    assert len(blob) == 3 * S + 1000 + TAG
    assert open_bytes(KEY, AD, blob) == plaintext


@pytest.mark.parametrize("cut", [-1, -TAG, -TAG - 1, 2 * S + 500, S + 1, 100, 57, 56, 41, 40, 1, 0])
def test_truncation_mid_segment_fails(sealed: tuple[Path, bytes, bytes], cut: int) -> None:
    blob = sealed[2]
    with pytest.raises(IntegrityError):
        open_bytes(KEY, AD, blob[:cut])


@pytest.mark.parametrize("segments", [1, 2, 3])
def test_truncation_at_a_segment_boundary_fails_on_open(
    sealed: tuple[Path, bytes, bytes], segments: int
) -> None:
    truncated = sealed[2][: segments * S]
    assert plaintext_size(len(truncated)) >= 0  # a plausible length: only the flag catches it
    with pytest.raises(IntegrityError):
        SealedReader(io.BytesIO(truncated), KEY, AD)


def test_authenticate_checks_every_segment_that_open_does_not(
    sealed: tuple[Path, bytes, bytes],
) -> None:
    blob = bytearray(sealed[2])
    with SealedReader(io.BytesIO(bytes(blob)), KEY, AD) as reader:
        assert reader.authenticate() == FOUR_SEGMENTS
    blob[S + 10] ^= 1  # inside segment 1, which opening does not read
    with SealedReader(io.BytesIO(bytes(blob)), KEY, AD) as reader:
        assert reader.size == FOUR_SEGMENTS
        with pytest.raises(IntegrityError):
            reader.authenticate()


def test_swapped_segments_fail(sealed: tuple[Path, bytes, bytes]) -> None:
    blob = sealed[2]
    swapped = blob[:S] + seg(blob, 2) + seg(blob, 1) + seg(blob, 3)
    assert len(swapped) == len(blob)
    with pytest.raises(IntegrityError):
        open_bytes(KEY, AD, swapped)


@pytest.mark.parametrize("dropped", [1, 2])
def test_dropped_segment_fails(sealed: tuple[Path, bytes, bytes], dropped: int) -> None:
    blob = sealed[2]
    kept = b"".join(seg(blob, i) for i in range(4) if i != dropped)
    with pytest.raises(IntegrityError):
        open_bytes(KEY, AD, blob[:HEADER_LEN] + kept)


def test_appended_bytes_fail(sealed: tuple[Path, bytes, bytes]) -> None:
    blob = sealed[2]
    for extra in (b"\0", bytes(TAG), seg(blob, 3)):
        with pytest.raises(IntegrityError):
            open_bytes(KEY, AD, blob + extra)


def test_segments_or_header_from_another_blob_fail(sealed: tuple[Path, bytes, bytes]) -> None:
    _, plaintext, blob = sealed
    other = seal_bytes(KEY, AD, plaintext)  # same key, data and AD; fresh salt and prefix
    with pytest.raises(IntegrityError):
        open_bytes(KEY, AD, blob[:S] + seg(other, 1) + blob[2 * S :])
    with pytest.raises(IntegrityError):
        open_bytes(KEY, AD, other[:HEADER_LEN] + blob[HEADER_LEN:])


@pytest.mark.parametrize(
    "byte", [0, 1, 32, 33, 39, HEADER_LEN, S - 1, S, 2 * S + 7, 3 * S + 999, -TAG, -1]
)
def test_flipped_bit_at_landmarks_fails(sealed: tuple[Path, bytes, bytes], byte: int) -> None:
    tampered = bytearray(sealed[2])
    tampered[byte] ^= 0x01
    with pytest.raises(IntegrityError):
        open_bytes(KEY, AD, bytes(tampered))


@shared_fixtures
@given(bit=st.integers(min_value=0, max_value=(3 * S + 1000 + TAG) * 8 - 1))
def test_any_flipped_bit_fails(sealed: tuple[Path, bytes, bytes], bit: int) -> None:
    tampered = bytearray(sealed[2])
    tampered[bit // 8] ^= 1 << (bit % 8)
    with pytest.raises(IntegrityError):
        open_bytes(KEY, AD, bytes(tampered))


def test_wrong_key_or_associated_data_fails_on_open(sealed: tuple[Path, bytes, bytes]) -> None:
    path = sealed[0]
    with pytest.raises(IntegrityError):
        SealedReader(path, bytes(32), AD)
    with pytest.raises(IntegrityError):
        SealedReader(path, KEY, AD + b"x")
    with pytest.raises(ValueError):
        SealedReader(path, KEY[:16], AD)


def test_opening_reads_only_the_header_and_last_segment(
    sealed: tuple[Path, bytes, bytes],
) -> None:
    class CountingFile(io.BytesIO):
        read_bytes = 0

        def read(self, n: int | None = -1, /) -> bytes:
            data = super().read(n)
            self.read_bytes += len(data)
            return data

    source = CountingFile(sealed[2])
    with SealedReader(source, KEY, AD) as reader:
        assert reader.size == FOUR_SEGMENTS
        assert source.read_bytes <= HEADER_LEN + S
    assert not source.closed  # a file object stays the caller's


# --- random access and threads --------------------------------------------------


@shared_fixtures
@given(
    ops=st.lists(
        st.tuples(
            st.sampled_from([io.SEEK_SET, io.SEEK_CUR, io.SEEK_END]),
            st.integers(min_value=-FOUR_SEGMENTS - 10, max_value=FOUR_SEGMENTS + 10),
            st.integers(min_value=-1, max_value=2 * S),
        ),
        max_size=12,
    ),
    cache=st.integers(min_value=1, max_value=3),
)
def test_seeks_and_reads_match_the_plaintext(
    sealed: tuple[Path, bytes, bytes], ops: list[tuple[int, int, int]], cache: int
) -> None:
    path, plaintext, _ = sealed
    oracle = io.BytesIO(plaintext)  # only SEEK_SET: BytesIO clamps negative relative seeks
    with SealedReader(path, KEY, AD, cache_segments=cache) as reader:
        for whence, offset, n in ops:
            base = {io.SEEK_SET: 0, io.SEEK_CUR: oracle.tell(), io.SEEK_END: FOUR_SEGMENTS}
            target = base[whence] + offset
            if target < 0:
                with pytest.raises(ValueError):
                    reader.seek(offset, whence)
            else:
                assert reader.seek(offset, whence) == oracle.seek(target) == target
            assert reader.read(n) == oracle.read(n)
            assert reader.tell() == oracle.tell()
            at = abs(offset)
            assert reader.read_at(at, max(n, 0)) == plaintext[at : at + max(n, 0)]


@shared_fixtures
@given(data=st.binary(max_size=4096), ad=st.binary(max_size=64))
def test_bytes_round_trip(data: bytes, ad: bytes) -> None:
    assert open_bytes(KEY, ad, seal_bytes(KEY, ad, data)) == data


def test_readinto_and_pyav_style_access(sealed: tuple[Path, bytes, bytes]) -> None:
    path, plaintext, _ = sealed
    with SealedReader(path, KEY, AD) as reader:
        buf = bytearray(FIRST + 10)
        assert reader.seek(5) == 5
        assert reader.readinto(buf) == len(buf)
        assert buf == plaintext[5 : 5 + len(buf)]
        assert reader.seek(-3, io.SEEK_END) == FOUR_SEGMENTS - 3
        assert reader.read() == plaintext[-3:]
        assert reader.read(10) == b""
        assert reader.readinto(bytearray(4)) == 0
        reader.seek(0)
        assert reader.readall() == plaintext
    assert reader.closed
    with pytest.raises(ValueError):
        reader.read_at(0, 1)


def test_concurrent_read_at_returns_correct_bytes(sealed: tuple[Path, bytes, bytes]) -> None:
    path, plaintext, _ = sealed
    failures: list[str] = []
    start = threading.Barrier(8)
    with SealedReader(path, KEY, AD, cache_segments=2) as reader:

        def worker(seed: int) -> None:
            rng = random.Random(seed)
            start.wait()
            for _ in range(60):
                at, n = rng.randrange(FOUR_SEGMENTS), rng.randrange(1, 300_000)
                if reader.read_at(at, n) != plaintext[at : at + n]:
                    failures.append(f"{seed}: {at}+{n}")

        threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []


def test_pyav_opens_a_sealed_video(tmp_path: Path) -> None:
    av = pytest.importorskip("av")
    np = pytest.importorskip("numpy")
    video = tmp_path / "clip.mp4"
    rng = np.random.default_rng(0)
    with av.open(str(video), "w") as container:
        stream = container.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        stream.bit_rate = 40_000_000
        for _ in range(40):
            pixels = rng.integers(0, 256, (240, 320, 3), dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    sealed = tmp_path / "clip"
    with SealedWriter(sealed, KEY, AD) as writer, video.open("rb") as source:
        writer.write_from(source)
    assert sealed.stat().st_size > 2 * S  # the demuxer has to seek across segments
    with SealedReader(sealed, KEY, AD) as reader, av.open(reader) as container:
        frames = sum(1 for _ in container.decode(video=0))
    assert frames == 40


# --- writer --------------------------------------------------------------------


def test_final_file_appears_only_after_finish(tmp_path: Path) -> None:
    final = tmp_path / "ab" / "0123abcd"
    final.parent.mkdir()
    writer = SealedWriter(final, KEY, AD)
    assert writer.tmp_path == final.parent / "0123abcd.tmp"
    writer.write(data_of(FIRST + 5))
    assert writer.tmp_path.exists() and not final.exists()
    assert writer.bytes_written == FIRST + 5
    writer.finish()
    assert final.exists() and not writer.tmp_path.exists()
    assert open_bytes(KEY, AD, final.read_bytes()) == data_of(FIRST + 5)
    with pytest.raises(ValueError):
        writer.write(b"more")


def test_abort_and_exceptions_leave_nothing(tmp_path: Path) -> None:
    final = tmp_path / "blob"
    writer = SealedWriter(final, KEY, AD)
    writer.write(data_of(S * 2))
    writer.abort()
    writer.abort()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(RuntimeError), SealedWriter(final, KEY, AD) as writer:
        writer.write(b"partial")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_finish_verifies_before_the_blob_takes_its_name(tmp_path: Path) -> None:
    final = tmp_path / "blob"
    seen: list[tuple[bool, bytes]] = []

    def read_back(sealed: Path) -> None:  # runs beside the fsync
        seen.append((final.exists(), open_bytes(KEY, AD, sealed.read_bytes())))

    with SealedWriter(final, KEY, AD) as writer:
        writer.write(data_of(S * 2))
        writer.finish(verify=read_back)
    assert seen == [(False, data_of(S * 2))]
    assert open_bytes(KEY, AD, final.read_bytes()) == data_of(S * 2)

    def damaged(sealed: Path) -> None:  # the disk returned something else
        with open(sealed, "r+b") as fh:
            fh.seek(S + 7)
            fh.write(b"\xff")
        open_bytes(KEY, AD, sealed.read_bytes())

    with pytest.raises(IntegrityError), SealedWriter(final.with_name("other"), KEY, AD) as writer:
        writer.write(data_of(S * 2))
        writer.finish(verify=damaged)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blob"]  # nothing else, no .tmp
    assert not any(t.name == "vigdesk-seal-verify" for t in threading.enumerate())


def no_writer_threads() -> bool:
    return not any(t.name == "vigdesk-seal-write" for t in threading.enumerate())


@pytest.mark.parametrize("n", [0, FIRST, FIRST + 1, FIRST + PLAIN, 3 * S])
@pytest.mark.parametrize(
    "make_source",
    [io.BytesIO, lambda d: ShortReads(d, 300_001)],
    ids=["bytesio", "short-reads"],
)
def test_write_from_streams_with_progress(
    n: int,
    make_source: Callable[[bytes], io.RawIOBase],
    tmp_path: Path,
    tink_aead: streaming_aead.StreamingAead,
) -> None:
    plaintext = data_of(n, seed=5)
    seen: list[int] = []
    with SealedWriter(tmp_path / "blob", KEY, AD) as writer:
        assert writer.write_from(make_source(plaintext), progress=seen.append) == n
        assert writer.bytes_written == n
    assert seen == sorted(seen) and (seen[-1] if seen else 0) == n
    assert all(b - a <= 1 << 20 for a, b in zip([0, *seen], seen, strict=False))
    blob = (tmp_path / "blob").read_bytes()
    assert len(blob) == ciphertext_size(n)
    with tink_aead.new_decrypting_stream(io.BytesIO(blob), AD) as stream:
        assert stream.read() == plaintext


def test_write_from_cancel_aborts(tmp_path: Path) -> None:
    seen: list[int] = []
    writer = SealedWriter(tmp_path / "blob", KEY, AD)
    with pytest.raises(Cancelled):
        writer.write_from(
            io.BytesIO(data_of(5 * S)), progress=seen.append, cancelled=lambda: len(seen) == 2
        )
    assert seen == [1 << 20, 2 << 20]
    assert list(tmp_path.iterdir()) == []
    assert no_writer_threads()


def test_source_errors_propagate_unmapped(tmp_path: Path) -> None:
    class Failing(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buf: memoryview) -> int:  # type: ignore[override]
            raise PermissionError(errno.EACCES, "source unreadable")

    with pytest.raises(PermissionError), SealedWriter(tmp_path / "blob", KEY, AD) as writer:
        writer.write_from(Failing())
    assert list(tmp_path.iterdir()) == []


def test_read_only_folder_raises_storage_read_only(read_only_dir: Path) -> None:
    with pytest.raises(StorageReadOnly):
        SealedWriter(read_only_dir / "blob", KEY, AD)
    assert list(read_only_dir.iterdir()) == []


@pytest.mark.skipif(os.name == "nt", reason="uses RLIMIT_FSIZE")
@pytest.mark.parametrize("streamed", [False, True], ids=["write", "write_from"])
def test_file_size_limit_raises_storage_full(tmp_path: Path, streamed: bool) -> None:
    """EFBIG from the kernel (the file outgrew RLIMIT_FSIZE) is StorageFull, like ENOSPC."""
    import resource
    import signal

    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (3 * S // 2, hard))
    try:
        with pytest.raises(StorageFull), SealedWriter(tmp_path / "blob", KEY, AD) as writer:
            if streamed:
                writer.write_from(io.BytesIO(data_of(3 * S)))
            else:
                writer.write(data_of(3 * S))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert list(tmp_path.iterdir()) == []
    assert no_writer_threads()
