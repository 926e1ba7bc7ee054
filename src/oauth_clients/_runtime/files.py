"""File uploads (multipart/form-data request bodies), for specs whose operations take one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, BinaryIO

from attrs import define

FileContent = IO[bytes] | bytes | str
"""What httpx accepts as the content of one uploaded file."""

FileTypes = (
    tuple[str | None, FileContent, str | None] | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
"""(file name, content, content type[, headers]): one part of a multipart body, as httpx takes it."""

RequestFiles = list[tuple[str, FileTypes]]
"""The parts of a multipart/form-data body, by field name."""


@define
class File:
    """A file to upload: its content, and optionally its name and media type."""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """The part of a multipart/form-data body that httpx sends for this file."""
        return self.file_name, self.payload, self.mime_type
