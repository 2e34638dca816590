//! Compressed input, told by its first bytes whatever the file is called (stdin too):
//! gzip, zstd, xz and bzip2 are decompressed as they are read, each with every
//! concatenated member or frame (`cat a.gz b.gz`, `pigz`, `pbzip2`, `zstd -T0`).

use std::io::{self, BufRead, BufReader};

/// Read ahead of a decoder.
const BUFFER: usize = 256 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    Gzip,
    Zstd,
    Xz,
    Bzip2,
}

impl Compression {
    /// The compression whose magic number `head` (the first bytes) starts with.
    pub fn detect(head: &[u8]) -> Option<Compression> {
        Some(match head {
            [0x1f, 0x8b, ..] => Compression::Gzip,
            [0x28, 0xb5, 0x2f, 0xfd, ..] => Compression::Zstd,
            [0xfd, b'7', b'z', b'X', b'Z', 0x00, ..] => Compression::Xz,
            [b'B', b'Z', b'h', b'1'..=b'9', ..] => Compression::Bzip2,
            _ => return None,
        })
    }

    /// `stream`, decompressed.
    pub fn decoder(self, stream: Box<dyn BufRead + Send>) -> io::Result<Box<dyn BufRead + Send>> {
        Ok(match self {
            Compression::Gzip => Box::new(BufReader::with_capacity(
                BUFFER,
                flate2::bufread::MultiGzDecoder::new(stream),
            )),
            Compression::Zstd => Box::new(BufReader::with_capacity(
                BUFFER,
                zstd::stream::read::Decoder::with_buffer(stream)?,
            )),
            Compression::Xz => Box::new(BufReader::with_capacity(
                BUFFER,
                liblzma::bufread::XzDecoder::new_multi_decoder(stream),
            )),
            Compression::Bzip2 => Box::new(BufReader::with_capacity(
                BUFFER,
                bzip2::bufread::MultiBzDecoder::new(stream),
            )),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers() {
        assert_eq!(
            Compression::detect(b"\x1f\x8b\x08"),
            Some(Compression::Gzip)
        );
        assert_eq!(
            Compression::detect(b"\x28\xb5\x2f\xfd\x04"),
            Some(Compression::Zstd)
        );
        assert_eq!(
            Compression::detect(b"\xfd7zXZ\x00\x00"),
            Some(Compression::Xz)
        );
        assert_eq!(Compression::detect(b"BZh91AY&SY"), Some(Compression::Bzip2));
        assert_eq!(Compression::detect(b"BZh,name"), None, "a CSV header");
        assert_eq!(Compression::detect(b"id,name\n"), None);
    }
}
