//! The accept loop: one task per connection, on one of the workers,
//! bounded in number and in time, and graceful shutdown.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::Poll;
use std::time::{Duration, Instant};

use hyper::body::{Body as _, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use socket2::{Domain, Protocol, Socket, Type};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::respond::{Body, plain, secure};
use crate::stalled::{Busy, Stalled};
use crate::timer::ConnectionTimer;
use crate::workers::{Place, Workers};
use crate::{State, handle};

/// Limits of the accept loop, and its threads.
#[derive(Debug, Clone, Copy)]
pub struct ServeOptions {
    /// How long a client may take to send a request's headers; also how long
    /// a connection may wait with no byte read or written (an idle
    /// keep-alive connection, or a client that stopped reading).
    pub header_read_timeout: Duration,
    /// How long a request may take from its headers to its response.
    pub request_timeout: Duration,
    /// The most connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// How long in-flight requests may take to finish after shutdown starts.
    pub shutdown_grace: Duration,
    /// Threads serving connections: one per core unless told.
    pub threads: usize,
    /// Threads building pages (CPU-bound work, so a few per core is all
    /// that helps; more would only hold more memory at once), shared among
    /// the serving threads.
    pub blocking_threads: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self {
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 1024,
            shutdown_grace: Duration::from_secs(10),
            threads: cores,
            blocking_threads: 4 * cores,
        }
    }
}

/// The largest request head read (request line and headers): hyper answers
/// 431 past it. hyper's smallest allowed buffer.
const MAX_HEAD: usize = 8192;

/// The backlog of the listening socket: connections the kernel completes
/// before they are accepted (and, at the connection cap, waiting for a
/// slot). tokio's, for its listeners.
const BACKLOG: i32 = 1024;

/// A listening socket at `addr` (port 0 picks a free one), to [`serve`] on.
pub fn bind(addr: SocketAddr) -> io::Result<std::net::TcpListener> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    // A restarted server can listen again at once, with the previous one's
    // connections still in TIME_WAIT.
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    socket.listen(BACKLOG)?;
    socket.set_nonblocking(true)?;
    Ok(socket.into())
}

/// Serves `state` on `listener` (from [`bind`]) until `shutdown` completes,
/// then stops accepting, gives in-flight requests `options.shutdown_grace`
/// to finish, and the pages still being built as long again.
///
/// The calling thread accepts connections and serves its share of them;
/// `options.threads - 1` more threads serve the others (see `workers.rs`).
pub fn serve(
    listener: std::net::TcpListener,
    state: State,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let (runtime, mut workers) = Workers::start(
        options.threads,
        options.blocking_threads,
        options.shutdown_grace,
    )?;
    let served = runtime.block_on(async {
        let listener = TcpListener::from_std(listener)?;
        accept(listener, &state, options, &mut workers, shutdown).await;
        io::Result::Ok(())
    });
    workers.stop(runtime);
    served
}

/// Accepts connections on `listener` until `shutdown` completes, handing
/// each to a worker; then waits for in-flight requests (up to the grace
/// period).
async fn accept(
    listener: TcpListener,
    state: &State,
    options: ServeOptions,
    workers: &mut Workers,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(options.max_connections.max(1)));
    tokio::pin!(shutdown);
    loop {
        // Wait for a free slot first: at the cap, new clients wait in the
        // kernel's backlog rather than take memory here.
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot,
            () = &mut shutdown => break,
        };
        let Ok(slot) = slot else { break };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted.and_then(|(s, _)| s.into_std()) {
                Ok(stream) => stream,
                Err(error) => {
                    // Out of file descriptors and the like: pause, go on.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let (worker, place) = workers.pick();
        let connection = Connection {
            state: state.clone(),
            options,
            slot,
            place,
        };
        worker.spawn(connection.serve(stream));
    }
    drop(listener);
    if tokio::time::timeout(options.shutdown_grace, workers.finish_connections())
        .await
        .is_err()
    {
        tracing::warn!("some connections did not finish in time");
    }
}

/// What a connection's task holds besides its socket.
struct Connection {
    state: State,
    options: ServeOptions,
    /// Its place under the connection cap.
    slot: OwnedSemaphorePermit,
    /// Its place on its worker: counted, and told when shutdown begins.
    place: Place,
}

impl Connection {
    /// Serves the requests of `stream`, on the worker it was handed to.
    async fn serve(self, stream: std::net::TcpStream) {
        let Self {
            state,
            options,
            slot,
            place,
        } = self;
        // Registered with this worker's poller, not the acceptor's.
        let stream = match TcpStream::from_std(stream) {
            Ok(stream) => stream,
            Err(error) => {
                tracing::warn!(%error, "cannot serve an accepted connection");
                return;
            }
        };
        // Small responses go out at once rather than after a delayed ACK.
        let _ = stream.set_nodelay(true);
        let requests = Arc::new(Requests {
            state,
            options,
            answering: AtomicBool::new(false),
        });
        let service = {
            let requests = Arc::clone(&requests);
            service_fn(move |request: Request<Incoming>| {
                // From the moment hyper has the request: it reads again
                // before it polls the answer. (One count of this
                // connection's own, no other thread's.)
                let answering = Answering::begin(Arc::clone(&requests));
                async move {
                    let requests = &answering.0;
                    Ok::<_, Infallible>(timed(&requests.state, request, requests.options).await)
                }
            })
        };
        let timer = ConnectionTimer::default();
        let io = Stalled::new(
            stream,
            options.header_read_timeout,
            requests,
            timer.head_timer(),
        );
        let connection = http1::Builder::new()
            .timer(timer)
            .header_read_timeout(options.header_read_timeout)
            .max_buf_size(MAX_HEAD)
            // Not `max_headers`: `respond::MAX_HEADERS` says why.
            .serve_connection(TokioIo::new(io), service);
        if let Err(error) = place.graceful.watch(connection).await {
            tracing::debug!(%error, "connection ended with an error");
        }
        drop((slot, place.load));
    }
}

/// Answers `request` within the request timeout, and logs it.
async fn timed(state: &State, request: Request<Incoming>, options: ServeOptions) -> Response<Body> {
    // The clock is read for the log line only, when it is written.
    let start = tracing::enabled!(tracing::Level::INFO).then(Instant::now);
    let answer = handle(state, &request);
    tokio::pin!(answer);
    // A page from the cache is ready at the first poll: no timer for it.
    let ready = std::future::poll_fn(|cx| Poll::Ready(answer.as_mut().poll(cx))).await;
    let response = match ready {
        Poll::Ready(response) => response,
        Poll::Pending => match tokio::time::timeout(options.request_timeout, answer).await {
            Ok(response) => response,
            Err(_) => {
                let mut r = plain(StatusCode::SERVICE_UNAVAILABLE, "503 Service Unavailable\n");
                r.headers_mut()
                    .insert(header::CONNECTION, HeaderValue::from_static("close"));
                secure(r.headers_mut());
                r
            }
        },
    };
    if let Some(start) = start {
        tracing::info!(
            method = %request.method(),
            path = request.uri().path(),
            status = response.status().as_u16(),
            bytes = response.body().size_hint().exact().unwrap_or(0),
            micros = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX),
            "request"
        );
    }
    response
}

/// What the requests of one connection share: the server's state, and
/// whether one is being answered. hyper keeps reading while its service
/// runs (to see the client leave), and that read waits for the server, not
/// for the client: the request timeout bounds it, not [`Stalled`].
struct Requests {
    state: State,
    options: ServeOptions,
    answering: AtomicBool,
}

impl Busy for Requests {
    fn answering(&self) -> bool {
        self.answering.load(Ordering::Acquire)
    }
}

/// Marks its connection as answering until dropped (the answer is made, or
/// abandoned).
struct Answering(Arc<Requests>);

impl Answering {
    fn begin(requests: Arc<Requests>) -> Self {
        requests.answering.store(true, Ordering::Release);
        Self(requests)
    }
}

impl Drop for Answering {
    fn drop(&mut self) {
        self.0.answering.store(false, Ordering::Release);
    }
}
