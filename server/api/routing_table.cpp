#include "api/routing_table.hpp"

#include <stdexcept>

namespace escale::server::api {

std::string_view to_string(Access access) {
  switch (access) {
    case Access::Anyone:
      return "anyone";
    case Access::Kiosk:
      return "kiosk";
    case Access::Admin:
      return "admin";
    case Access::AdminOrStaff:
      return "admin-or-staff";
    case Access::WebPage:
      return "web-page";
  }
  return "anyone";
}

std::string_view to_string(WebAccess access) {
  switch (access) {
    case WebAccess::Public:
      return "public";
    case WebAccess::SessionOptional:
      return "session-optional";
    case WebAccess::SessionOrAdminToken:
      return "session-or-admin-token";
    case WebAccess::AnySession:
      return "any-session";
    case WebAccess::Staff:
      return "staff";
    case WebAccess::StaffOfSite:
      return "staff-of-site";
    case WebAccess::StaffOfMember:
      return "staff-of-member";
    case WebAccess::StaffOfMemberHome:
      return "staff-of-member-home";
    case WebAccess::Admin:
      return "admin";
    case WebAccess::MemberSession:
      return "member-session";
  }
  return "public";
}

const std::string& RouteMatch::param(std::string_view name) const {
  const auto it = params.find(name);
  if (it == params.end()) throw std::logic_error("route parameter not in the pattern: " + std::string(name));
  return it->second;
}

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  // "/a/b" → {"a", "b"}; "/" → {""}; "/a/" → {"a", ""}.
  path.remove_prefix(1);
  while (true) {
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace

PathPattern::PathPattern(std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/')
    throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
  for (const auto piece : split_path(pattern)) {
    Segment segment;
    const auto open = piece.find('{');
    const auto close = piece.find('}');
    if (open == std::string_view::npos && close == std::string_view::npos) {
      segment.prefix = std::string(piece);
    } else {
      if (open == std::string_view::npos || close == std::string_view::npos || close < open + 2 ||
          piece.find('{', open + 1) != std::string_view::npos || piece.find('}', close + 1) != std::string_view::npos)
        throw std::invalid_argument("route pattern has a malformed {parameter}: " + std::string(pattern));
      segment.prefix = std::string(piece.substr(0, open));
      segment.param = std::string(piece.substr(open + 1, close - open - 1));
      segment.suffix = std::string(piece.substr(close + 1));
      if (segment.param->ends_with("...")) {
        if (!segment.prefix.empty() || !segment.suffix.empty() || segment.param->size() == 3)
          throw std::invalid_argument("route pattern's {rest...} must be a whole segment: " + std::string(pattern));
        segment.param->resize(segment.param->size() - 3);
        segment.rest = true;
      }
    }
    if (!segments_.empty() && segments_.back().rest)
      throw std::invalid_argument("route pattern's {rest...} must be its last segment: " + std::string(pattern));
    segments_.push_back(std::move(segment));
  }
}

std::optional<std::map<std::string, std::string, std::less<>>> PathPattern::match(std::string_view path) const {
  if (path.empty() || path.front() != '/') return std::nullopt;
  const auto pieces = split_path(path);
  const bool rest = segments_.back().rest;
  if (rest ? pieces.size() < segments_.size() : pieces.size() != segments_.size()) return std::nullopt;
  std::map<std::string, std::string, std::less<>> params;
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    const auto piece = pieces[i];
    const auto& segment = segments_[i];
    if (segment.rest) {
      // From this segment's first byte to the end of the path.
      const auto offset = static_cast<std::size_t>(piece.data() - path.data());
      params[*segment.param] = std::string(path.substr(offset));
      break;
    }
    if (!segment.param) {
      if (piece != segment.prefix) return std::nullopt;
      continue;
    }
    if (piece.size() <= segment.prefix.size() + segment.suffix.size()) return std::nullopt;  // empty value
    if (!piece.starts_with(segment.prefix) || !piece.ends_with(segment.suffix)) return std::nullopt;
    params[*segment.param] =
        std::string(piece.substr(segment.prefix.size(), piece.size() - segment.prefix.size() - segment.suffix.size()));
  }
  return params;
}

RoutingTable::RoutingTable(Gate gate) : gate_(std::move(gate)) {}

RoutingTable& RoutingTable::add(std::optional<bh::verb> method, std::string_view pattern, Access access,
                                RouteHandler handler) {
  patterns_.emplace_back(pattern);
  routes_.push_back(Route{method, std::string(pattern), access, std::move(handler), false, std::nullopt, false});
  return *this;
}

RoutingTable& RoutingTable::page(std::optional<bh::verb> method, std::string_view pattern, WebAccess access,
                                 RouteHandler handler) {
  add(method, pattern, Access::WebPage, std::move(handler));
  routes_.back().web_access = access;
  return *this;
}

RoutingTable& RoutingTable::on_method_not_allowed(Access access, MethodNotAllowed responder) {
  method_not_allowed_[access] = std::move(responder);
  return *this;
}

RoutingTable& RoutingTable::get(std::string_view pattern, Access access, RouteHandler handler) {
  return add(bh::verb::get, pattern, access, std::move(handler));
}

RoutingTable& RoutingTable::post(std::string_view pattern, Access access, RouteHandler handler) {
  return add(bh::verb::post, pattern, access, std::move(handler));
}

namespace {

bool takes(const Route& route, bh::verb method) {
  if (!route.method) return true;
  return *route.method == method || (*route.method == bh::verb::get && method == bh::verb::head);
}

void append_method(std::vector<std::string>& methods, std::string name) {
  for (const auto& m : methods)
    if (m == name) return;
  methods.push_back(std::move(name));
}

}  // namespace

RoutingTable& RoutingTable::blocking() {
  if (routes_.empty()) throw std::logic_error("RoutingTable::blocking() before any route");
  routes_.back().blocking = true;
  return *this;
}

RoutingTable& RoutingTable::fallback() {
  if (routes_.empty()) throw std::logic_error("RoutingTable::fallback() before any route");
  routes_.back().fallback = true;
  return *this;
}

std::optional<std::size_t> RoutingTable::find(bh::verb method, std::string_view path, Params* params,
                                              bool* known_path) const {
  bool known = false;
  for (const bool fallback : {false, true}) {  // the rows, then the fallbacks for a path none of them has
    for (std::size_t i = 0; i < routes_.size(); ++i) {
      if (routes_[i].fallback != fallback) continue;
      auto match = patterns_[i].match(path);
      if (!match) continue;
      known = true;
      if (!takes(routes_[i], method)) continue;
      if (params) *params = std::move(*match);
      if (known_path) *known_path = true;
      return i;
    }
    if (known) break;
  }
  if (known_path) *known_path = known;
  return std::nullopt;
}

bool RoutingTable::is_blocking(bh::verb method, std::string_view path) const {
  const auto i = find(method, path, nullptr, nullptr);
  return i && routes_[*i].blocking;
}

std::string RoutingTable::allowed_methods(std::string_view path) const {
  std::vector<std::string> methods;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i].fallback || !patterns_[i].match(path)) continue;
    const auto& method = routes_[i].method;
    if (!method) continue;  // every method: never a 405
    append_method(methods, std::string(bh::to_string(*method)));
    if (*method == bh::verb::get) append_method(methods, "HEAD");
  }
  std::string out;
  for (const auto& m : methods) out += (out.empty() ? "" : ", ") + m;
  return out;
}

std::optional<Access> RoutingTable::access_of(std::string_view path) const {
  for (const bool fallback : {false, true}) {
    for (std::size_t i = 0; i < routes_.size(); ++i)
      if (routes_[i].fallback == fallback && patterns_[i].match(path)) return routes_[i].access;
  }
  return std::nullopt;
}

std::optional<http::Response> RoutingTable::dispatch(const http::Request& req, std::string_view path,
                                                     const QueryParams& query) const {
  bool known_path = false;
  Params params;
  if (const auto i = find(req.method(), path, &params, &known_path)) {
    const auto& route = routes_[*i];
    RouteMatch match{path, query, std::move(params), std::nullopt};
    if (gate_) {
      if (auto refusal = gate_(req, route.access, match)) return refusal;
    }
    return route.handler(req, match);
  }
  if (!known_path) return std::nullopt;
  const auto allow = allowed_methods(path);
  const auto access = access_of(path);
  if (const auto responder = access ? method_not_allowed_.find(*access) : method_not_allowed_.end();
      responder != method_not_allowed_.end()) {
    auto res = responder->second(req, path, allow);
    res.set(bh::field::allow, allow);
    return res;
  }
  std::vector<std::string> methods;  // for the message, HEAD left out
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const auto& method = routes_[i].method;
    if (!routes_[i].fallback && method && patterns_[i].match(path))
      append_method(methods, std::string(bh::to_string(*method)));
  }
  std::string use;
  for (std::size_t i = 0; i < methods.size(); ++i) use += (i == 0 ? "" : " or ") + methods[i];
  auto res =
      http::json_error(bh::status::method_not_allowed, "method not allowed: use " + use + " " + std::string(path),
                       req.version(), req.keep_alive());
  res.set(bh::field::allow, allow);
  return res;
}

}  // namespace escale::server::api
