//! A minimal HTTP/1.1 client, to send a request built elsewhere (e.g. by
//! `acs_runtime::Client::signed_request`) exactly as it is, without the
//! runtime's transport.

use std::time::Duration;

use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::http::find;

/// How long [`send_raw`] waits for the whole exchange.
const DEADLINE: Duration = Duration::from_secs(5);

/// Sends `request` to the `http://` authority of its URI and returns the
/// complete response. Adds `host` and `content-length` when missing; sends
/// `connection: close` and reads until the server closes.
pub async fn send_raw(request: &http::Request<Bytes>) -> std::io::Result<http::Response<Bytes>> {
    tokio::time::timeout(DEADLINE, exchange(request))
        .await
        .map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::TimedOut, "no complete response in time")
        })?
}

fn invalid(message: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message.to_owned())
}

async fn exchange(request: &http::Request<Bytes>) -> std::io::Result<http::Response<Bytes>> {
    let uri = request.uri();
    if uri.scheme_str() != Some("http") {
        return Err(invalid("only http:// URIs are sent"));
    }
    let authority = uri
        .authority()
        .ok_or_else(|| invalid("the URI has no authority"))?
        .as_str();
    let target = uri.path_and_query().map_or("/", |p| p.as_str());
    let mut head = format!("{} {target} HTTP/1.1\r\n", request.method());
    if !request.headers().contains_key(http::header::HOST) {
        head.push_str(&format!("host: {authority}\r\n"));
    }
    for (name, value) in request.headers() {
        let value = value
            .to_str()
            .map_err(|_| invalid("a header value is not text"))?;
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !request.headers().contains_key(http::header::CONTENT_LENGTH) {
        head.push_str(&format!("content-length: {}\r\n", request.body().len()));
    }
    head.push_str("connection: close\r\n\r\n");

    let mut stream = TcpStream::connect(authority).await?;
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(request.body()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> std::io::Result<http::Response<Bytes>> {
    let end = find(raw, b"\r\n\r\n").ok_or_else(|| invalid("no complete response head"))?;
    let head =
        std::str::from_utf8(&raw[..end]).map_err(|_| invalid("the response head is not text"))?;
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| invalid("malformed status line"))?;
    let mut builder = http::Response::builder().status(status);
    let mut length = None;
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| invalid("malformed header line"))?;
        let (name, value) = (name.trim(), value.trim());
        if name.eq_ignore_ascii_case("content-length") {
            length = value.parse::<usize>().ok();
        }
        builder = builder.header(name, value);
    }
    let body = &raw[end + 4..];
    let body = match length {
        Some(n) if n <= body.len() => &body[..n],
        Some(_) => {
            return Err(invalid(
                "the response body is shorter than its Content-Length",
            ));
        }
        None => body,
    };
    builder
        .body(Bytes::copy_from_slice(body))
        .map_err(|e| invalid(&e.to_string()))
}
