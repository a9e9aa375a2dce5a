// X-Forwarded-For from trusted reverse proxies only.
#include "http/forwarded.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>

namespace escale::server::http {
namespace {

// Canonical text of an address ("::ffff:127.0.0.1" → "127.0.0.1"), or "" if not one.
std::string canonical(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.size() >= 2 && text.front() == '[') {
    const auto close = text.find(']');
    if (close != std::string_view::npos) text = text.substr(1, close - 1);
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    text = text.substr(0, text.find(':'));  // "203.0.113.7:51234"
  }
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return "";
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
  return address.to_string();
}

bool is_trusted(const std::string& address, const std::vector<std::string>& trusted) {
  return std::find(trusted.begin(), trusted.end(), address) != trusted.end();
}

}  // namespace

std::string forwarded_client(const std::string& peer, std::string_view forwarded_for,
                             const std::vector<std::string>& trusted) {
  std::vector<std::string> trusted_canonical;
  for (const auto& t : trusted) trusted_canonical.push_back(canonical(t));
  if (forwarded_for.empty() || !is_trusted(canonical(peer), trusted_canonical)) return peer;
  // Right to left: each hop appended the address it received from.
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    const auto item = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    const auto address = canonical(item);
    if (address.empty()) return peer;  // garbage: believe nothing from this header
    if (!is_trusted(address, trusted_canonical)) return address;
  }
  return peer;
}

Handler with_trusted_proxies(Handler inner, const std::vector<std::string>& trusted) {
  if (trusted.empty()) return inner;
  return [inner = std::move(inner), trusted](const Request& req) {
    const boost::beast::string_view peer_name(kPeerHeader.data(), kPeerHeader.size());
    const auto peer = req.find(peer_name);
    const auto xff = req.find(boost::beast::string_view("X-Forwarded-For"));
    if (peer == req.end() || xff == req.end()) return inner(req);
    const std::string socket_peer(peer->value());
    const auto client =
        forwarded_client(socket_peer, std::string_view(xff->value().data(), xff->value().size()), trusted);
    if (client == socket_peer) return inner(req);
    Request copy = req;
    copy.set(peer_name, client);
    return inner(copy);
  };
}

}  // namespace escale::server::http
