// The Boost.Beast HTTP/1.1 server. Each thread runs its own io_context with
// its own SO_REUSEPORT acceptor (the kernel spreads connections), so a
// connection lives on one thread and needs no locks. Parsing limits, timeouts,
// the per-client connection cap, security headers, the access log and the
// graceful stop live here; what happens to a parsed request is dispatch.cpp.
#include "http/server.hpp"

#include <sys/socket.h>

#include <atomic>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "http/access_log.hpp"
#include "http/dispatch.hpp"
#include "http/message.hpp"
#include "http/work_pool.hpp"

namespace coproduce::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using reuse_port = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; frame-ancestors 'none'; form-action 'self'";
constexpr std::string_view kTooManyConnectionsBody =
    R"({"error":{"code":"too_many_connections","message":"Too many connections from one address"}})";
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(50);
// After an error answered with Connection: close, unread request bytes are
// discarded for at most this long (and this much) so the client sees the
// answer rather than a reset.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 64 << 20;  // the time bound is the real limit

// Connection counts per client address, shared by every thread.
class ClientCounter {
 public:
  bool try_add(const std::string& address, int limit) {
    std::lock_guard lock(mutex_);
    int& count = counts_[address];
    if (count >= limit) return false;
    ++count;
    return true;
  }
  void remove(const std::string& address) {
    std::lock_guard lock(mutex_);
    auto it = counts_.find(address);
    if (it != counts_.end() && --it->second <= 0) counts_.erase(it);
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, int> counts_;
};

// 16 hex digits from a per-thread splitmix64 stream: unique enough to find a
// request's log line, with no shared state between threads.
std::string new_request_id() {
  thread_local std::uint64_t state =
      (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i, z >>= 4) id[static_cast<std::size_t>(i)] = kHex[z & 15];
  return id;
}

// Written with a blocking call on a fresh socket, whose send buffer is empty.
const std::string& too_many_connections_response() {
  static const std::string response =
      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
      "Connection: close\r\nContent-Length: " +
      std::to_string(kTooManyConnectionsBody.size()) + "\r\n\r\n" +
      std::string(kTooManyConnectionsBody);
  return response;
}

bool safe_header_text(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// Framing headers are the server's: a handler's copy would contradict them.
bool server_owns(std::string_view header) {
  return beast::iequals(header, "content-length") || beast::iequals(header, "connection") ||
         beast::iequals(header, "transfer-encoding");
}

// Whether a path as sent matches a router pattern: the same number of
// segments, each literal or "{name}" (one non-empty segment).
bool matches_pattern(std::string_view pattern, std::string_view path) {
  while (true) {
    auto p_slash = pattern.find('/'), q_slash = path.find('/');
    auto p_segment = pattern.substr(0, p_slash), q_segment = path.substr(0, q_slash);
    bool any = p_segment.size() >= 2 && p_segment.front() == '{' && p_segment.back() == '}';
    if (any ? q_segment.empty() : p_segment != q_segment) return false;
    if ((p_slash == std::string_view::npos) != (q_slash == std::string_view::npos)) return false;
    if (p_slash == std::string_view::npos) return true;
    pattern.remove_prefix(p_slash + 1);
    path.remove_prefix(q_slash + 1);
  }
}

// The route's own allowance when it declares a larger body, else nullptr.
const LargerBody* larger_body_for(const ServerOptions& options, std::string_view method, std::string_view target) {
  auto path = target.substr(0, target.find('?'));
  if (path.find('%') != std::string_view::npos) return nullptr;
  for (const auto& larger : options.larger_bodies)
    if (to_string(larger.method) == method && matches_pattern(larger.pattern, path)) return &larger;
  return nullptr;
}

// The trusted proxies, parsed once: a request from one of them names its
// client in X-Forwarded-For (the right-most address that is not itself a
// trusted proxy) and its scheme in X-Forwarded-Proto.
class TrustedProxies {
 public:
  explicit TrustedProxies(const std::vector<std::string>& entries) {
    for (const auto& entry : entries) {
      beast::error_code ec;
      std::string text = entry.find('/') == std::string::npos
                             ? entry + (entry.find(':') == std::string::npos ? "/32" : "/128")
                             : entry;
      auto v4 = asio::ip::make_network_v4(text, ec);
      if (!ec) {
        v4_.push_back(v4);
        continue;
      }
      auto v6 = asio::ip::make_network_v6(text, ec);
      if (ec) throw std::invalid_argument("trusted proxy '" + entry + "' is not an address or CIDR range");
      v6_.push_back(v6);
    }
  }
  bool empty() const { return v4_.empty() && v6_.empty(); }
  bool contains(const std::string& address) const {
    beast::error_code ec;
    auto parsed = asio::ip::make_address(address, ec);
    if (ec) return false;
    if (parsed.is_v6() && parsed.to_v6().is_v4_mapped())
      parsed = asio::ip::make_address_v4(asio::ip::v4_mapped, parsed.to_v6());
    if (parsed.is_v4()) {
      for (const auto& n : v4_)
        if (asio::ip::make_network_v4(parsed.to_v4(), n.prefix_length()).canonical() == n.canonical()) return true;
    } else {
      for (const auto& n : v6_)
        if (asio::ip::make_network_v6(parsed.to_v6(), n.prefix_length()).canonical() == n.canonical()) return true;
    }
    return false;
  }

  // Sets the request's client address and scheme from what a trusted peer forwarded.
  void apply(Request& request, const std::string& peer) const {
    request.remote_address = peer;
    if (!contains(peer)) return;
    if (auto proto = request.header("x-forwarded-proto")) request.secure = lower_trimmed(*proto) == "https";
    std::vector<std::string> hops;
    for (const auto& [name, value] : request.headers) {
      if (name != "x-forwarded-for") continue;
      std::size_t start = 0;
      while (start <= value.size()) {
        auto comma = value.find(',', start);
        hops.push_back(lower_trimmed(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
    for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
      beast::error_code ec;
      asio::ip::make_address(*it, ec);
      if (ec) return;  // a garbled hop: keep the last address we could trust
      request.remote_address = *it;
      if (!contains(*it)) return;
    }
  }

 private:
  std::vector<asio::ip::network_v4> v4_;
  std::vector<asio::ip::network_v6> v6_;
};

struct Worker;

// Everything the threads share; Server::Impl is this under its public name.
struct ServerState {
  ServerState(ServerOptions options, Dispatcher dispatcher)
      : options(std::move(options)), dispatcher(std::move(dispatcher)), proxies(this->options.trusted_proxies) {}
  ServerOptions options;
  Dispatcher dispatcher;
  TrustedProxies proxies;
  ClientCounter clients;
  std::vector<std::unique_ptr<Worker>> workers;
  std::optional<asio::signal_set> signals;  // on workers[0]'s io_context
  std::uint16_t port = 0;
  bool listening = false;
  // Set by stop() at once, so a response finished before the worker hears of
  // the stop already tells its client "Connection: close".
  std::atomic<bool> stop_requested{false};
  // Declared last, so it is destroyed first: its running jobs finish (and
  // post their answers) while the io_contexts still exist.
  std::unique_ptr<WorkPool> pool;
};

struct Worker {
  explicit Worker(ServerState& server) : server(server) {}
  // Sessions still owned by pending handlers die inside io's destructor, after
  // the members declared below it: they must not touch them then.
  ~Worker() { destroying = true; }
  void accept();
  void begin_stop();
  void session_ended();

  ServerState& server;
  bool destroying = false;
  std::unordered_set<class Session*> sessions;  // only touched on this io_context's thread
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  asio::steady_timer drain_timer{io};
  asio::steady_timer accept_retry{io};
  bool stopping = false;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Worker& worker, tcp::socket socket, std::string client)
      : worker_(worker),
        options_(worker.server.options),
        stream_(std::move(socket)),
        client_(std::move(client)) {
    worker_.sessions.insert(this);
  }
  ~Session() {
    worker_.server.clients.remove(client_);
    if (worker_.destroying) return;
    worker_.sessions.erase(this);
    worker_.session_ended();
  }
  void start() { wait_for_request(); }

  // Graceful stop: an idle keep-alive connection closes now; one with a
  // request in flight closes after its response (the worker is stopping).
  void stop_gracefully() {
    if (idle_) close_now();
  }
  void close_now() {
    beast::error_code ignored;
    stream_.socket().close(ignored);
  }

 private:
  // Waits for the first byte of the next request under the idle timeout;
  // the read timeout starts once the request has begun.
  void wait_for_request() {
    if (worker_.stopping) return close_now();
    if (buffer_.size() > 0) return read_request();  // pipelined request already buffered
    idle_ = true;
    stream_.expires_after(options_.idle_timeout);
    stream_.async_read_some(buffer_.prepare(8192),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->idle_ = false;
                              if (ec) return self->close_now();
                              self->buffer_.commit(n);
                              self->read_request();
                            });
  }

  void read_request() {
    idle_ = false;
    started_ = Clock::now();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    // The limit depends on the route, known once the header is read
    // (on_header): none until then, and no body byte is read before it.
    parser_->body_limit(boost::none);
    body_limit_ = options_.max_body_bytes;
    stream_.expires_after(options_.read_timeout);
    read_header_bytes();
  }

  // Reads until the header block is complete (bounded by the header limit),
  // then refuses obsolete line folding, which the parser would silently
  // accept, before the parser sees the block.
  void read_header_bytes() {
    auto data = buffer_.data();
    std::string_view bytes(static_cast<const char*>(data.data()), data.size());
    auto end = bytes.find("\r\n\r\n");
    if (end == std::string_view::npos) {
      if (bytes.size() > options_.max_header_bytes)
        return on_read_error(bhttp::error::header_limit);
      stream_.async_read_some(buffer_.prepare(8192),
                              [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                if (ec) return self->close_now();
                                self->buffer_.commit(n);
                                self->read_header_bytes();
                              });
      return;
    }
    auto header = bytes.substr(0, end + 2);
    if (has_obsolete_folding(header))
      return refuse_framing(core::Error(400, "malformed", "Obsolete line folding is not accepted in header fields"));
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  // Answers a request whose framing cannot be trusted, then closes: whatever
  // follows on the connection is never read as a request.
  void refuse_framing(const core::Error& error) {
    version_ = 11;
    request_id_ = new_request_id();
    signed_in_ = false;
    method_name_ = "-";
    log_path_ = "-";
    if (parser_ && parser_->is_header_done()) {
      method_name_ = std::string(parser_->get().method_string());
      auto target = parser_->get().target();
      log_path_ = std::string(target.substr(0, target.find('?')));
    }
    linger_ = true;
    send(Response::error(error), false, false);
  }

  // The framing is checked before any body byte is read, so a request whose
  // length two parties could read differently (smuggling) is refused whole.
  void on_header(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    if (auto problem = framing_problem(parser_->get())) return refuse_framing(*problem);
    const auto& message = parser_->get();
    auto method = message.method_string();
    auto target = message.target();
    if (const auto* larger = larger_body_for(options_, std::string_view(method.data(), method.size()),
                                             std::string_view(target.data(), target.size()))) {
      body_limit_ = larger->max_bytes;
      stream_.expires_after(larger->read_timeout);
    }
    // A declared length over the limit is refused before reading it; a
    // chunked body is stopped when it passes the limit.
    if (auto length = parser_->content_length(); length && *length > body_limit_)
      return on_read_error(bhttp::error::body_limit);
    parser_->body_limit(body_limit_);
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    auto& message = parser_->get();
    version_ = message.version();
    method_name_ = std::string(message.method_string());
    Request request;
    request_id_ = new_request_id();
    signed_in_ = false;
    bool keep_alive = message.keep_alive();
    try {
      to_request(message, options_.max_target_bytes, request);
      worker_.server.proxies.apply(request, client_);
    } catch (const core::Error& e) {
      return refuse(request, e, keep_alive);
    }
    log_path_ = request.path.empty() ? "-" : request.path;
    // Static assets are answered here; everything else runs on a worker, so a
    // slow database or a password hash never holds up another connection.
    bool asset = request.path.rfind("/assets/", 0) == 0 &&
                 (request.method == Method::get || request.method == Method::head);
    if (asset) return respond(request, worker_.server.dispatcher.handle(request, request_id_, &signed_in_), keep_alive);
    auto shared_request = std::make_shared<Request>(std::move(request));
    bool queued = worker_.server.pool->try_submit([self = shared_from_this(), shared_request, keep_alive] {
      auto response = self->worker_.server.dispatcher.handle(*shared_request, self->request_id_, &self->signed_in_);
      asio::post(self->stream_.get_executor(),
                 [self, shared_request, keep_alive, response = std::move(response)]() mutable {
                   self->respond(*shared_request, std::move(response), keep_alive);
                 });
    });
    if (!queued) {
      auto busy = Response::error(core::Error(503, "busy", "The server is busy: try again in a moment"));
      busy.set_header("Retry-After", "1");
      respond(*shared_request, std::move(busy), false);
    }
  }

  // A request refused before it reaches the dispatcher: the error page for an
  // anonymous reader.
  void refuse(const Request& request, const core::Error& e, bool keep_alive) {
    Context ctx{request, core::Principal{}, "en", {}, {}, {}};
    respond(request, worker_.server.dispatcher.render_error(ctx, e), keep_alive);
  }

  void respond(const Request& request, Response response, bool keep_alive) {
    send(std::move(response), keep_alive && !worker_.server.stop_requested,
         request.method == Method::head);
  }

  // Limits and malformed HTTP are answered (as JSON, naming the problem) and
  // the connection is closed; timeouts and disconnects just close.
  void on_read_error(beast::error_code ec) {
    std::optional<core::Error> error;
    if (ec == bhttp::error::header_limit)
      error.emplace(431, "headers_too_large",
                    "The request headers exceed the limit of " +
                        std::to_string(options_.max_header_bytes) + " bytes");
    else if (ec == bhttp::error::body_limit)
      error = core::too_large("The request body exceeds the limit of " + std::to_string(body_limit_) + " bytes");
    else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
             ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message)
      error = core::malformed("Malformed HTTP request: " + ec.message());
    if (!error) return close_now();

    version_ = 11;
    request_id_ = new_request_id();
    signed_in_ = false;
    method_name_ = "-";
    log_path_ = "-";
    if (parser_->is_header_done()) {
      const auto& message = parser_->get();
      method_name_ = std::string(message.method_string());
      auto target = message.target();
      log_path_ = std::string(target.substr(0, target.find('?')));
    }
    linger_ = true;
    send(Response::error(*error), false, false);
  }

  void send(Response r, bool keep_alive, bool head) {
    bool valid = r.status >= 200 && r.status <= 599;
    for (const auto& [name, value] : r.headers)
      valid = valid && !name.empty() && safe_header_text(name) && safe_header_text(value);
    if (!valid) {
      write_error_log(request_id_, "handler returned a bad status or a header with CR, LF or NUL");
      r = Response::error(core::Error(500, "internal", "Something went wrong on our side"));
    }
    response_ = {};
    response_.version(version_);
    response_.result(static_cast<unsigned>(r.status));
    for (auto& [name, value] : r.headers)
      if (!server_owns(name)) response_.insert(name, value);
    if (!r.header("Content-Security-Policy"))
      response_.set("Content-Security-Policy", kContentSecurityPolicy);
    if (!r.header("X-Content-Type-Options")) response_.set("X-Content-Type-Options", "nosniff");
    if (!r.header("Referrer-Policy")) response_.set("Referrer-Policy", "same-origin");
    response_.set("X-Request-Id", request_id_);
    response_.keep_alive(keep_alive);
    status_ = r.status;
    response_.content_length(r.body.size());  // HEAD: the length GET would send, no body
    bytes_ = head ? 0 : r.body.size();
    if (!head) response_.body() = std::move(r.body);
    stream_.expires_after(options_.read_timeout);
    bhttp::async_write(
        stream_, response_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    if (options_.access_log) {
      std::chrono::duration<double, std::milli> elapsed = Clock::now() - started_;
      write_access_log(
          {request_id_, method_name_, log_path_, status_, bytes_, elapsed.count(), signed_in_});
    }
    if (ec) return close_now();
    if (linger_) return linger_close();
    if (!response_.keep_alive()) return shutdown_and_close();
    response_ = {};
    wait_for_request();
  }

  void shutdown_and_close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    close_now();
  }

  // After an error answered before the request was read in full: half-close,
  // then discard what the client is still sending (bounded) so
  // our answer is not lost to a TCP reset, then close.
  void linger_close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTime);
    discard_input();
  }
  void discard_input() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(16384),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->lingered_ += n;
                              if (ec || self->lingered_ > kLingerBytes) return self->close_now();
                              self->discard_input();
                            });
  }

  Worker& worker_;
  const ServerOptions& options_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::string_body> response_;
  std::string client_;
  bool idle_ = true;
  bool linger_ = false;
  std::size_t body_limit_ = 0;  // of the current request: the server's, or its route's larger one
  std::size_t lingered_ = 0;
  // For the access log and the response of the current request.
  Clock::time_point started_ = Clock::now();
  unsigned version_ = 11;
  std::string request_id_;
  std::string method_name_;
  std::string log_path_;
  int status_ = 0;
  std::size_t bytes_ = 0;
  bool signed_in_ = false;
};

void Worker::accept() {
  acceptor.async_accept(io, [this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || stopping || !acceptor.is_open()) return;
    if (ec) {  // EMFILE and the like: retry shortly rather than spin
      accept_retry.expires_after(kAcceptRetryDelay);
      accept_retry.async_wait([this](beast::error_code wait_ec) {
        if (!wait_ec && !stopping) accept();
      });
      return;
    }
    {
      beast::error_code ignored;
      auto endpoint = socket.remote_endpoint(ignored);
      std::string client = ignored ? "unknown" : endpoint.address().to_string();
      // A trusted proxy carries many clients' connections: it is not capped.
      int cap = server.proxies.contains(client) ? std::numeric_limits<int>::max()
                                                : server.options.max_connections_per_client;
      if (server.clients.try_add(client, cap)) {
        socket.set_option(tcp::no_delay(true), ignored);
        std::make_shared<Session>(*this, std::move(socket), std::move(client))->start();
      } else {
        asio::write(socket, asio::buffer(too_many_connections_response()), ignored);
        socket.shutdown(tcp::socket::shutdown_both, ignored);
      }
    }
    accept();
  });
}

void Worker::begin_stop() {
  if (stopping) return;
  stopping = true;
  beast::error_code ignored;
  acceptor.close(ignored);
  accept_retry.cancel();
  if (this == server.workers.front().get() && server.signals) server.signals->cancel(ignored);
  std::vector<Session*> current(sessions.begin(), sessions.end());
  for (Session* session : current) session->stop_gracefully();
  drain_timer.expires_after(server.options.drain_timeout);
  drain_timer.async_wait([this](beast::error_code ec) {
    if (ec) return;  // every session finished in time
    std::vector<Session*> left(sessions.begin(), sessions.end());
    for (Session* session : left) session->close_now();
  });
  session_ended();
}

void Worker::session_ended() {
  if (stopping && sessions.empty()) drain_timer.cancel();
}

void bind_acceptor(tcp::acceptor& acceptor, const tcp::endpoint& endpoint) {
  acceptor.open(endpoint.protocol());
  acceptor.set_option(tcp::acceptor::reuse_address(true));
  acceptor.set_option(reuse_port(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
}

}  // namespace

struct Server::Impl : ServerState {
  using ServerState::ServerState;
};

Server::Server(ServerOptions options, const Router& router, Authenticator authenticate,
               CsrfCheck check_csrf)
    : impl_(new Impl(std::move(options),
                     Dispatcher{router, std::move(authenticate), std::move(check_csrf), {}, {}, {}})) {}

Server::~Server() {
  delete impl_;
}

void Server::set_error_page(ErrorPage page) {
  impl_->dispatcher.error_page = std::move(page);
}

void Server::set_translator(Translator translate) {
  impl_->dispatcher.translate = std::move(translate);
}

std::uint16_t Server::listen() {
  if (impl_->listening) return impl_->port;
  auto& options = impl_->options;
  if (!options.static_dir.empty()) {
    std::error_code ec;
    impl_->dispatcher.static_root = std::filesystem::canonical(options.static_dir, ec);
    if (ec)
      throw std::runtime_error("static directory " + options.static_dir + ": " + ec.message());
  }
  beast::error_code ec;
  auto address = asio::ip::make_address(options.address, ec);
  if (ec) throw std::runtime_error("invalid listen address '" + options.address + "'");
  std::uint16_t port = options.port;
  try {
    // SO_REUSEPORT would let a second server share a busy port silently: probe
    // it without that option first.
    if (port != 0) {
      asio::io_context probe_io;
      tcp::acceptor probe(probe_io);
      probe.open(address.is_v6() ? tcp::v6() : tcp::v4());
      probe.set_option(tcp::acceptor::reuse_address(true));
      probe.bind({address, port});
    }
    int threads = std::max(1, options.threads);
    for (int i = 0; i < threads; ++i) {
      auto worker = std::make_unique<Worker>(*impl_);
      bind_acceptor(worker->acceptor, {address, port});
      port = worker->acceptor.local_endpoint().port();
      impl_->workers.push_back(std::move(worker));
    }
  } catch (const boost::system::system_error& e) {
    impl_->workers.clear();
    throw std::runtime_error("cannot listen on " + options.address + ":" +
                             std::to_string(options.port) + ": " + e.code().message());
  }
  impl_->pool = std::make_unique<WorkPool>(options.workers, options.max_queued);
  impl_->port = port;
  impl_->listening = true;
  return port;
}

void Server::run() {
  listen();
  auto& first = *impl_->workers.front();
  impl_->signals.emplace(first.io, SIGINT, SIGTERM);
  impl_->signals->async_wait([this](beast::error_code ec, int) {
    if (!ec) stop();
  });
  for (auto& worker : impl_->workers) worker->accept();
  if (impl_->stop_requested) stop();  // stop() came before the workers existed
  auto run_worker = [](Worker& worker) {
    while (true) {
      try {
        worker.io.run();
        return;
      } catch (const std::exception& e) {
        write_error_log("-", std::string("uncaught in server thread: ") + e.what());
      }
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl_->workers.size(); ++i)
    threads.emplace_back(run_worker, std::ref(*impl_->workers[i]));
  run_worker(first);
  for (auto& thread : threads) thread.join();
  impl_->signals.reset();
}

void Server::stop() {
  impl_->stop_requested = true;
  for (auto& worker : impl_->workers) {
    Worker* w = worker.get();
    asio::post(w->io, [w] { w->begin_stop(); });
  }
}

}  // namespace coproduce::http
