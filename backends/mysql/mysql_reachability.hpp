// Why a MySQL/MariaDB server cannot be reached, in words a person can act on.
// Connector/C++ says "Can't connect to server on '127.0.0.1' (115)" whatever
// happened: the number is the errno its non-blocking connect() left behind
// (EINPROGRESS), not why the attempt failed. So dbtest makes the attempt once
// more with a plain socket and says what the OS said, worded as libpq words
// the same failures on PostgreSQL.
#pragma once

#include <chrono>
#include <string>

#include "base/database_url.hpp"

namespace dbtest::backends::mysql {

// What connecting to the server of `url` (its `?socket=` path, or its host
// and port, 3306 by default) runs into:
//   connection to server at "127.0.0.1", port 1 failed: Connection refused; is
//     the server running on that host and accepting TCP/IP connections?
//   connection to server on socket "/run/mysqld/mysqld.sock" failed: No such
//     file or directory; is the server running locally and accepting
//     connections on that socket?
//   could not translate host name "db.example" to address: Host not found ...
//   connection to server at "10.0.0.9", port 3306 failed: timeout expired
// Empty when the connection is made: what failed is then not the reaching.
std::string unreachable_cause(const DatabaseUrl& url, std::chrono::milliseconds timeout);

}  // namespace dbtest::backends::mysql
