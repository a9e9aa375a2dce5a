// Sync client: one thread; each exchange is one post_json (sync/http_client).
#include "sync/sync_client.hpp"

#include <spdlog/spdlog.h>

#include "store/local_store.hpp"
#include "sync/http_client.hpp"
#include "sync/protocol.hpp"

namespace escale::kiosk {

SyncClient::SyncClient(std::filesystem::path db_path, SyncSettings settings, std::function<void()> on_change)
    : db_path_(std::move(db_path)), settings_(std::move(settings)), on_change_(std::move(on_change)) {}

SyncClient::~SyncClient() {
  stop();
}

void SyncClient::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void SyncClient::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SyncClient::poke() {
  {
    std::lock_guard lock(mutex_);
    poked_ = true;
  }
  wake_.notify_all();
}

void SyncClient::set_token(std::string token) {
  {
    std::lock_guard lock(mutex_);
    settings_.token = std::move(token);
    poked_ = true;
  }
  wake_.notify_all();
}

SyncStatus SyncClient::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

bool SyncClient::wait_until_synced(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const int seen = status_.exchanges;
  poked_ = true;
  wake_.notify_all();
  return synced_.wait_for(
      lock, timeout, [&] { return status_.exchanges > seen && status_.pending == 0 && status_.last_error.empty(); });
}

bool SyncClient::exchange_once(LocalStore& store) {
  const auto address = parse_server_url(settings_.server_url);
  if (!address) {
    std::lock_guard lock(mutex_);
    status_.last_error = address.error();
    return false;
  }
  std::string token;
  {
    std::lock_guard lock(mutex_);
    token = settings_.token;
  }
  bool more = true;
  bool changed = false;
  while (more) {
    sync::SyncRequest request;
    request.cursor = store.cursor();
    request.kiosk_version = settings_.kiosk_version;
    request.events = store.pending_events(settings_.batch_size);
    const auto reply = post_json(*address, address->base_path + "/api/v1/sync", sync::encode(request), token,
                                 settings_.request_timeout, settings_.tls);
    std::string problem;
    if (!reply.error.empty()) {
      problem = "server unreachable (" + reply.error + ")";
    } else if (reply.status != 200) {
      problem = "server answered " + std::to_string(reply.status) + ": " + reply.body.substr(0, 300);
    }
    std::optional<sync::SyncResponse> response;
    if (problem.empty()) {
      auto decoded = sync::decode_response(reply.body);
      if (decoded) {
        response = std::move(*decoded);
      } else {
        problem = "unreadable answer: " + decoded.error();
      }
    }
    if (!problem.empty()) {
      std::lock_guard lock(mutex_);
      if (status_.last_error != problem) spdlog::warn("sync: {}", problem);
      status_.last_error = problem;
      status_.pending = store.pending_count();
      return false;
    }
    store.apply(*response);
    changed = changed || response->site || !response->members.empty() || !response->badges.empty() ||
              !response->resources.empty() || !response->bookings.empty() || response->rules || response->help_agenda ||
              !response->appointments.empty();
    const bool outbox_left = request.events.size() == settings_.batch_size;
    more = response->more || outbox_left;
  }
  // Everything the server had is pulled: a kiosk just enrolled knows its
  // site's members now, and the app may decide the badges noted meanwhile.
  if (store.first_pull_pending()) {
    store.mark_first_pull_done();
    spdlog::info("sync: first pull done, the site's members are known");
    changed = true;
  }
  {
    std::lock_guard lock(mutex_);
    if (!status_.last_error.empty()) spdlog::info("sync: server reachable again");
    status_.last_error.clear();
    status_.last_success = std::chrono::system_clock::now();
    status_.pending = store.pending_count();
    ++status_.exchanges;
  }
  // Announce changes before waking waiters: whoever waited for this sync
  // (a script) then finds the change event already queued.
  if (changed && on_change_) on_change_();
  synced_.notify_all();
  return true;
}

void SyncClient::run() {
  std::optional<LocalStore> store;
  try {
    store.emplace(db_path_);
  } catch (const std::exception& e) {
    spdlog::error("sync: cannot open the local database: {}", e.what());
    return;
  }
  auto delay = settings_.interval;
  int failures = 0;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, delay, [&] { return stopping_ || poked_; });
      if (stopping_) return;
      poked_ = false;
    }
    bool has_token = false;
    {
      std::lock_guard lock(mutex_);
      has_token = !settings_.token.empty();
    }
    if (settings_.server_url.empty() || !has_token) {  // offline, or not enrolled yet
      delay = settings_.interval;
      continue;
    }
    bool ok = false;
    try {
      ok = exchange_once(*store);
    } catch (const std::exception& e) {
      spdlog::error("sync: {}", e.what());
      std::lock_guard lock(mutex_);
      status_.last_error = e.what();
    }
    // Back off while the server is away: 1 s, 2 s, 4 s… up to max_backoff.
    failures = ok ? 0 : std::min(failures + 1, 16);
    delay =
        ok ? settings_.interval
           : std::min<std::chrono::milliseconds>(std::chrono::milliseconds(500LL << failures), settings_.max_backoff);
    synced_.notify_all();
  }
}

}  // namespace escale::kiosk
