// The address people reach the server at ([web] public_url): the links in
// messages and the kiosks' QR codes start with it. Copies share one value, so
// that `serve` can set it once it knows the port it listens on (port 0: any
// free port, in tests), before its threads start; the pages, the kiosk API
// and the message job read it afterwards.
#pragma once

#include <memory>
#include <string>
#include <utility>

namespace escale::server {

class PublicUrl {
 public:
  PublicUrl() : PublicUrl("http://127.0.0.1:8080") {}
  explicit PublicUrl(std::string url) : url_(std::make_shared<std::string>(std::move(url))) {}
  const std::string& get() const { return *url_; }
  // Before the server's threads start (no lock: nothing reads it concurrently then).
  void set(std::string url) { *url_ = std::move(url); }

 private:
  std::shared_ptr<std::string> url_;
};

}  // namespace escale::server
