//! Content codings: which one a client accepts (`Accept-Encoding`), and
//! compressing a body into it.

use std::io::Write as _;

use hyper::body::Bytes;

/// A content coding the server can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Coding {
    /// The bytes as they are.
    Identity = 0,
    /// gzip (RFC 1952).
    Gzip,
    /// Brotli (RFC 7932).
    Brotli,
}

impl Coding {
    /// Its `Content-Encoding` token; `None` for identity, which is never
    /// named.
    pub(crate) fn token(self) -> Option<&'static str> {
        match self {
            Self::Identity => None,
            Self::Gzip => Some("gzip"),
            Self::Brotli => Some("br"),
        }
    }

    /// What an entity tag of this coding ends with: each coding is its own
    /// representation, with its own strong tag.
    pub(crate) fn etag_suffix(self) -> &'static str {
        match self {
            Self::Identity => "",
            Self::Gzip => "-gz",
            Self::Brotli => "-br",
        }
    }
}

/// The codings a request accepts, from its `Accept-Encoding` header; the
/// default (no header) is identity only.
///
/// Identity is always sent when nothing else fits, even if the client
/// refused it (`identity;q=0`), rather than a 406, as RFC 9110 allows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Accepted {
    gzip: bool,
    brotli: bool,
}

impl Accepted {
    /// Reads an `Accept-Encoding` value. Tokens are case-insensitive; a
    /// coding with `q=0` is refused; `*` stands for every coding not named.
    pub(crate) fn parse(header: &str) -> Self {
        let mut gzip = None;
        let mut brotli = None;
        let mut any = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let token = parts.next().unwrap_or("").trim();
            let mut accepted = true;
            for param in parts {
                if let Some((key, value)) = param.split_once('=')
                    && key.trim().eq_ignore_ascii_case("q")
                {
                    // q=0, 0.0, 0.00, 0.000 refuse; anything else (even
                    // malformed) accepts.
                    let value = value.trim();
                    accepted = !(value.starts_with('0')
                        && value.bytes().skip(1).all(|b| b == b'.' || b == b'0'));
                }
            }
            // Compared without lowercasing a copy: no allocation per token.
            let slot = if token.eq_ignore_ascii_case("gzip") || token.eq_ignore_ascii_case("x-gzip")
            {
                &mut gzip
            } else if token.eq_ignore_ascii_case("br") {
                &mut brotli
            } else if token == "*" {
                &mut any
            } else {
                continue;
            };
            slot.get_or_insert(accepted);
        }
        Self {
            gzip: gzip.or(any).unwrap_or(false),
            brotli: brotli.or(any).unwrap_or(false),
        }
    }

    /// The coding to send when `available` says which compressed forms
    /// exist: Brotli, then gzip, then identity.
    pub(crate) fn choose(self, brotli: bool, gzip: bool) -> Coding {
        if self.brotli && brotli {
            Coding::Brotli
        } else if self.gzip && gzip {
            Coding::Gzip
        } else {
            Coding::Identity
        }
    }
}

/// Bodies smaller than this are sent as they are: compressing them saves
/// less than the headers it costs.
const MIN_COMPRESSED: usize = 512;

/// Whether a body of `content_type` is worth compressing: text formats,
/// not images or fonts, which are compressed already.
pub(crate) fn compressible(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence.starts_with("text/")
        || matches!(
            essence.as_str(),
            "application/json"
                | "application/xml"
                | "application/atom+xml"
                | "application/rss+xml"
                | "application/feed+json"
                | "application/manifest+json"
                | "image/svg+xml"
        )
}

/// Brotli quality for pages: 5 compresses a 40 KB page in about a
/// millisecond, within a few percent of the best size.
const BROTLI_QUALITY: i32 = 5;

/// Brotli window, as `lgwin`: 22 (4 MiB) is the encoder's default.
const BROTLI_WINDOW: i32 = 22;

/// Bodies larger than this get no Brotli form, only gzip: Brotli's encoder
/// holds a window and tables of several megabytes while it compresses one
/// (8 MB for the 2.9 MB archive of 100,000 articles), where gzip's needs a
/// few hundred kilobytes and compresses such pages (long lists of links)
/// nearly as well.
pub(crate) const MAX_BROTLI: usize = 1 << 20;

/// `body` in `coding`, if that is smaller than `body`; `None` when it is
/// not worth it, or when a body over [`MAX_BROTLI`] would be Brotli.
pub(crate) fn compress(body: &[u8], coding: Coding) -> Option<Bytes> {
    if body.len() < MIN_COMPRESSED || (coding == Coding::Brotli && body.len() > MAX_BROTLI) {
        return None;
    }
    let compressed = match coding {
        Coding::Identity => return None,
        Coding::Gzip => {
            let mut encoder = flate2::write::GzEncoder::new(
                Vec::with_capacity(body.len() / 3),
                flate2::Compression::new(6),
            );
            encoder.write_all(body).ok()?;
            encoder.finish().ok()?
        }
        Coding::Brotli => {
            let mut out = Vec::with_capacity(body.len() / 3);
            let params = brotli::enc::BrotliEncoderParams {
                quality: BROTLI_QUALITY,
                lgwin: BROTLI_WINDOW,
                ..Default::default()
            };
            brotli::BrotliCompress(&mut &body[..], &mut out, &params).ok()?;
            out
        }
    };
    (compressed.len() < body.len()).then(|| {
        // The buffer was sized for a poor ratio: what is kept is what was
        // written, not a third of the body.
        let mut compressed = compressed;
        compressed.shrink_to_fit();
        Bytes::from(compressed)
    })
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    #[test]
    fn accept_encoding_is_read_with_q_values_and_wildcards() {
        let cases: &[(&str, (bool, bool))] = &[
            ("", (false, false)),
            ("gzip", (true, false)),
            ("gzip, deflate, br", (true, true)),
            ("GZIP;q=0.5, BR;Q=1", (true, true)),
            ("br;q=0", (false, false)),
            ("br;q=0.000, gzip", (true, false)),
            ("br;q=0.001", (false, true)),
            ("*", (true, true)),
            ("*;q=0, gzip", (true, false)),
            ("identity;q=0, *", (true, true)),
            ("x-gzip", (true, false)),
            ("deflate, compress", (false, false)),
            (" br ; q = 0.8 ,gzip;q=0", (false, true)),
            (";;,,=,q=", (false, false)),
        ];
        for &(header, (gzip, brotli)) in cases {
            let accepted = Accepted::parse(header);
            assert_eq!(
                (accepted.gzip, accepted.brotli),
                (gzip, brotli),
                "{header:?}"
            );
        }
    }

    #[test]
    fn brotli_is_preferred_then_gzip_then_identity() {
        let both = Accepted::parse("gzip, br");
        assert_eq!(both.choose(true, true), Coding::Brotli);
        assert_eq!(both.choose(false, true), Coding::Gzip);
        assert_eq!(both.choose(false, false), Coding::Identity);
        assert_eq!(Accepted::parse("gzip").choose(true, true), Coding::Gzip);
        assert_eq!(Accepted::default().choose(true, true), Coding::Identity);
    }

    #[test]
    fn compressed_bodies_decompress_to_the_original() {
        let body = "<p>Ownership and borrowing, again and again.</p>\n".repeat(100);
        let gzip = compress(body.as_bytes(), Coding::Gzip).expect("worth it");
        let mut out = String::new();
        flate2::read::GzDecoder::new(&gzip[..])
            .read_to_string(&mut out)
            .expect("valid gzip");
        assert_eq!(out, body);
        let br = compress(body.as_bytes(), Coding::Brotli).expect("worth it");
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut out).expect("valid brotli");
        assert_eq!(out, body.as_bytes());
        assert!(br.len() < body.len() / 10, "{} bytes", br.len());
    }

    #[test]
    fn small_or_incompressible_bodies_stay_as_they_are() {
        assert_eq!(compress(b"tiny", Coding::Gzip), None);
        assert_eq!(compress(&[0u8; 4096], Coding::Identity), None);
        // Bytes that do not repeat do not shrink.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        assert_eq!(compress(&noise, Coding::Gzip), None);
    }

    #[test]
    fn a_body_over_the_brotli_limit_is_only_gzipped_and_kept_at_its_size() {
        let line = "<li><a href=\"/articles/post-00001/\">A title</a></li>\n";
        let big = line.repeat(MAX_BROTLI / line.len() + 1);
        assert!(big.len() > MAX_BROTLI);
        assert_eq!(compress(big.as_bytes(), Coding::Brotli), None);
        let gzip = compress(big.as_bytes(), Coding::Gzip).expect("worth it");
        assert!(gzip.len() < big.len() / 10, "{} bytes", gzip.len());
        let small = &big.as_bytes()[..MAX_BROTLI];
        let br = compress(small, Coding::Brotli).expect("at the limit, still Brotli");
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut out).expect("valid brotli");
        assert_eq!(out, small);
    }

    #[test]
    fn text_is_compressible_images_are_not() {
        for yes in [
            "text/html; charset=utf-8",
            "text/css; charset=utf-8",
            "application/json",
            "application/atom+xml; charset=utf-8",
            "image/svg+xml",
        ] {
            assert!(compressible(yes), "{yes}");
        }
        for no in ["image/png", "font/woff2", "application/octet-stream"] {
            assert!(!compressible(no), "{no}");
        }
    }
}
