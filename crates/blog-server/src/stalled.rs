//! `Stalled`: a connection that a client cannot hold by sending nothing or
//! reading nothing.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

use crate::timer::HeadTimer;

/// Whether the server is answering a request on a connection: a read made
/// meanwhile (hyper keeps reading while its service runs, to see the
/// client leave) waits on the server, not on the client, and the request
/// timeout bounds it.
pub(crate) trait Busy: Send + Sync {
    /// Whether a request is being answered now.
    fn answering(&self) -> bool;
}

/// A connection that fails when a read or a write waits longer than its
/// limit for the other side: a client that stops sending or stops reading
/// cannot hold a connection (and its slot) for long.
///
/// Some reads have no limit here. One made while a request is being
/// answered waits on the server. One made while hyper reads a request head
/// is under hyper's head timeout, which started no later and has the same
/// limit (an idle kept-alive connection is one waiting for a head), so a
/// second timer would only cost every request its arming. And a read made
/// while a response is being written (hyper reads mid-response to see the
/// client leave) starts over with each write that goes through: the client
/// is reading, and a response longer than the socket buffers, read by a
/// slow client, may take longer than the limit to go out.
pub(crate) struct Stalled<T, B> {
    io: T,
    limit: Duration,
    busy: Arc<B>,
    head: HeadTimer,
    read: Watch,
    write: Watch,
}

impl<T, B> Stalled<T, B> {
    /// `io` under `limit`; `busy` tells when the server is answering, and
    /// `head` when hyper times a request head itself.
    pub(crate) fn new(io: T, limit: Duration, busy: Arc<B>, head: HeadTimer) -> Self {
        Self {
            io,
            limit,
            busy,
            head,
            read: Watch::default(),
            write: Watch::default(),
        }
    }
}

/// The stall timer of one direction of a connection: armed when a read (or
/// a write) first waits, disarmed when it makes progress, an error when it
/// fires.
///
/// One `Sleep` serves the connection's whole life. Each wait pushes its
/// deadline later, which tokio does without its timer lock while the
/// `Sleep` is still registered; dropping one `Sleep` per wait would take
/// that lock (shared by every worker) twice per request. A `Sleep` left
/// behind fires at its old deadline at most once and only wakes the
/// connection's task.
#[derive(Default)]
struct Watch {
    sleep: Option<Pin<Box<Sleep>>>,
    waiting: bool,
}

impl Watch {
    /// Stops waiting: the next wait starts a new deadline.
    fn disarm(&mut self) {
        self.waiting = false;
    }

    /// Polls `ready` (a read or a write) under this timer.
    fn poll<R>(
        &mut self,
        limit: Duration,
        cx: &mut Context<'_>,
        ready: Poll<io::Result<R>>,
    ) -> Poll<io::Result<R>> {
        if ready.is_ready() {
            self.waiting = false;
            return ready;
        }
        if !self.waiting {
            self.waiting = true;
            let deadline = tokio::time::Instant::now() + limit;
            match &mut self.sleep {
                Some(sleep) => sleep.as_mut().reset(deadline),
                None => self.sleep = Some(Box::pin(tokio::time::sleep_until(deadline))),
            }
        }
        let sleep = self
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        ready!(sleep.as_mut().poll(cx));
        self.waiting = false;
        Poll::Ready(Err(io::Error::new(
            io::ErrorKind::TimedOut,
            "the client sent or read nothing in time",
        )))
    }
}

impl<T: AsyncRead + Unpin, B: Busy> AsyncRead for Stalled<T, B> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let ready = Pin::new(&mut this.io).poll_read(cx, buf);
        if this.busy.answering() || this.head.running() {
            this.read.disarm();
            return ready;
        }
        this.read.poll(this.limit, cx, ready)
    }
}

impl<T, B> Stalled<T, B> {
    /// Watches a write that returned `ready`: if it went through, the
    /// client is reading, and a read waiting meanwhile starts over.
    fn written(
        &mut self,
        cx: &mut Context<'_>,
        ready: Poll<io::Result<usize>>,
    ) -> Poll<io::Result<usize>> {
        if matches!(ready, Poll::Ready(Ok(n)) if n > 0) {
            self.read.disarm();
        }
        self.write.poll(self.limit, cx, ready)
    }
}

impl<T: AsyncWrite + Unpin, B: Busy> AsyncWrite for Stalled<T, B> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let ready = Pin::new(&mut this.io).poll_write(cx, buf);
        this.written(cx, ready)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let ready = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.written(cx, ready)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let ready = Pin::new(&mut this.io).poll_flush(cx);
        this.write.poll(this.limit, cx, ready)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use tokio::net::{TcpListener, TcpStream};

    use super::*;
    use crate::timer::ConnectionTimer;

    const LIMIT: Duration = Duration::from_millis(100);

    /// A connection on which no request is ever being answered.
    struct Idle;

    impl Busy for Idle {
        fn answering(&self) -> bool {
            false
        }
    }

    /// A connection over loopback: the server's end under [`LIMIT`], its
    /// head timer, and the client's end, with small socket buffers so that
    /// a response of a few hundred KiB waits for the client to read it.
    async fn connection() -> (Stalled<TcpStream, Idle>, ConnectionTimer, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
        let client = tokio::net::TcpSocket::new_v4().expect("a socket");
        client.set_recv_buffer_size(4096).expect("a small buffer");
        let addr = listener.local_addr().expect("an address");
        let (client, accepted) = tokio::join!(client.connect(addr), listener.accept());
        let (server, _) = accepted.expect("accepts");
        socket2::SockRef::from(&server)
            .set_send_buffer_size(4096)
            .expect("a small buffer");
        let timer = ConnectionTimer::default();
        let stalled = Stalled::new(server, LIMIT, Arc::new(Idle), timer.head_timer());
        (stalled, timer, client.expect("connects"))
    }

    /// One read of `io` into a small buffer.
    async fn read(io: &mut Stalled<TcpStream, Idle>) -> io::Result<usize> {
        let mut bytes = [0; 16];
        std::future::poll_fn(|cx| {
            let mut buf = ReadBuf::new(&mut bytes);
            ready!(Pin::new(&mut *io).poll_read(cx, &mut buf))?;
            Poll::Ready(Ok(buf.filled().len()))
        })
        .await
    }

    /// A read that waits for a client that sends nothing fails after the
    /// limit.
    #[tokio::test]
    async fn a_read_waiting_past_the_limit_fails() {
        let (mut server, _timer, _client) = connection().await;
        let began = Instant::now();
        let error = read(&mut server).await.expect_err("nothing was sent");
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        assert!(began.elapsed() >= LIMIT, "after {:?}", began.elapsed());
    }

    /// While hyper times a request head, that timer is the read's limit.
    #[tokio::test]
    async fn a_read_under_the_head_timer_is_left_to_it() {
        let (mut server, timer, _client) = connection().await;
        let _head = hyper::rt::Timer::sleep(&timer, Duration::from_secs(60));
        let waited = tokio::time::timeout(5 * LIMIT, read(&mut server)).await;
        assert!(waited.is_err(), "the read ended: {waited:?}");
    }

    /// A response that takes longer than the limit to reach a client that
    /// reads it steadily goes out whole, though a read waits meanwhile (as
    /// hyper's does, to see the client leave).
    #[tokio::test]
    async fn a_read_during_a_slowly_read_response_waits_with_it() {
        let (mut server, _timer, client) = connection().await;
        let response = vec![b'x'; 256 * 1024];
        // At most 4 KiB every 5 ms: 320 ms or more in all.
        let reader = tokio::spawn(async move {
            let mut got = 0;
            let mut buf = [0; 4096];
            while got < 256 * 1024 {
                tokio::time::sleep(Duration::from_millis(5)).await;
                client.readable().await.expect("waits");
                match client.try_read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => got += n,
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                    Err(e) => panic!("the client's read failed: {e}"),
                }
            }
            got
        });
        let began = Instant::now();
        let mut written = 0;
        let mut byte = [0; 1];
        std::future::poll_fn(|cx| {
            while written < response.len() {
                match Pin::new(&mut server).poll_write(cx, &response[written..]) {
                    Poll::Ready(Ok(n)) => written += n,
                    Poll::Ready(Err(e)) => panic!("the write failed after {written} bytes: {e}"),
                    Poll::Pending => break,
                }
            }
            if written == response.len() {
                return Poll::Ready(());
            }
            let mut buf = ReadBuf::new(&mut byte);
            match Pin::new(&mut server).poll_read(cx, &mut buf) {
                Poll::Ready(read) => panic!("the read ended after {written} bytes: {read:?}"),
                Poll::Pending => Poll::Pending,
            }
        })
        .await;
        assert!(
            began.elapsed() > 2 * LIMIT,
            "took only {:?}: the client read faster than meant",
            began.elapsed()
        );
        assert_eq!(reader.await.expect("the client ends"), response.len());
    }
}
