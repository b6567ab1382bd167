#include "mysql_reachability.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>

namespace dbtest::backends::mysql {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

// The outcome of one connection attempt; `finished` is false when the time
// ran out first.
struct Attempt {
  bool finished = false;
  error_code error;
};

// Runs the attempt `start` begins on `io` for at most `timeout`. Leaving
// unfinished work behind is fine: the socket and `io` are destroyed after,
// which drops its handler without calling it.
template <typename Start>
Attempt attempt(asio::io_context& io, std::chrono::milliseconds timeout, Start start) {
  Attempt out;
  start([&out](const error_code& error) {
    out.finished = true;
    out.error = error;
  });
  io.run_for(timeout);
  return out;
}

std::string worded(const std::string& where, const Attempt& outcome, const std::string& hint) {
  if (!outcome.finished) return where + " failed: timeout expired";
  if (!outcome.error) return "";
  const bool nobody_there = outcome.error == boost::system::errc::connection_refused ||
                            outcome.error == boost::system::errc::no_such_file_or_directory;
  return where + " failed: " + outcome.error.message() + (nobody_there ? "; " + hint : "");
}

}  // namespace

std::string unreachable_cause(const DatabaseUrl& url, std::chrono::milliseconds timeout) {
  asio::io_context io;
  const auto socket_path = url.params.find("socket");
  if (socket_path != url.params.end()) {
    asio::local::stream_protocol::socket socket(io);
    const auto outcome = attempt(io, timeout, [&](auto done) {
      socket.async_connect(asio::local::stream_protocol::endpoint(socket_path->second), done);
    });
    return worded("connection to server on socket \"" + socket_path->second + "\"", outcome,
                  "is the server running locally and accepting connections on that socket?");
  }
  const std::string host = url.host.empty() ? "localhost" : url.host;
  const std::string port = std::to_string(url.port.value_or(3306));
  asio::ip::tcp::resolver resolver(io);
  error_code resolved;
  const auto addresses = resolver.resolve(host, port, resolved);
  if (resolved) return "could not translate host name \"" + host + "\" to address: " + resolved.message();
  asio::ip::tcp::socket socket(io);
  const auto outcome = attempt(io, timeout, [&](auto done) {
    // Every address the name has, in turn; the error is the last one's.
    asio::async_connect(socket, addresses, [done](const error_code& error, const auto&) { done(error); });
  });
  return worded("connection to server at \"" + host + "\", port " + port, outcome,
                "is the server running on that host and accepting TCP/IP connections?");
}

}  // namespace dbtest::backends::mysql
