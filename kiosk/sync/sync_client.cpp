// Sync client: one thread; each exchange is one post_json (sync/http_client).
//
// No event may stop the sync for good. The outbox hands over only events it
// can read and encode (LocalStore::pending_events sets the others aside), and
// an event the server refuses on its own comes back as a rejected ack. What
// is left is a server refusing a whole push because of one event it cannot
// take (HTTP 400 naming it, as a server of another version would; or 413, an
// event too large): the event named is set aside; otherwise an empty push
// first tells whether any push is refused (then it is not an event's fault:
// retried with backoff, nothing set aside) or only this one, and then the
// push is halved until the one event refused alone is found and set aside,
// with the server's words as its reason.
#include "sync/sync_client.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "store/local_store.hpp"
#include "sync/http_client.hpp"
#include "sync/protocol.hpp"
#include "text/log_text.hpp"

namespace escale::kiosk {
namespace {

// Answers that refuse the request itself: a smaller push may pass.
bool refused_request(int status) {
  return status == 400 || status == 413;
}

// The message of the server's JSON error ({"error":{"message":…}}), else the
// start of the body.
std::string server_message(const std::string& body) {
  const auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_object() && doc.contains("error") && doc["error"].is_object() && doc["error"].contains("message") &&
      doc["error"]["message"].is_string()) {
    return doc["error"]["message"].get<std::string>();
  }
  return body.substr(0, 300);
}

// "events[3].type: expected …": the server's decoder names the event at fault.
std::optional<std::size_t> named_event(const std::string& message) {
  constexpr std::string_view kPrefix = "events[";
  if (!message.starts_with(kPrefix)) return std::nullopt;
  std::size_t index = 0;
  std::size_t i = kPrefix.size();
  if (i >= message.size() || message[i] < '0' || message[i] > '9') return std::nullopt;
  for (; i < message.size() && message[i] >= '0' && message[i] <= '9' && index < 100000; ++i) {
    index = index * 10 + static_cast<std::size_t>(message[i] - '0');
  }
  if (i >= message.size() || message[i] != ']') return std::nullopt;
  return index;
}

std::string refusal_reason(int status, const std::string& message) {
  return "Envoi mis de côté : le serveur refuse de le recevoir (HTTP " + std::to_string(status) + " : " + message +
         ").";
}

}  // namespace

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

std::string SyncClient::token() const {
  std::lock_guard lock(mutex_);
  return settings_.token;
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

SyncClient::Attempt SyncClient::push(LocalStore& store, const ServerAddress& address, const std::string& token,
                                     std::vector<sync::Event> events) {
  sync::SyncRequest request;
  request.cursor = store.cursor();
  request.kiosk_version = settings_.kiosk_version;
  request.events = std::move(events);
  const auto reply = post_json(address, address.base_path + "/api/v1/sync", sync::encode(request), token,
                               settings_.request_timeout, settings_.tls);
  Attempt a;
  a.status = reply.status;
  if (!reply.error.empty()) {
    a.problem = "server unreachable (" + reply.error + ")";
  } else if (reply.status != 200) {
    a.problem = "server answered " + std::to_string(reply.status) + ": " + reply.body.substr(0, 300);
    a.message = server_message(reply.body);
  } else if (auto decoded = sync::decode_response(reply.body)) {
    a.response = std::move(*decoded);
  } else {
    a.problem = "unreadable answer: " + decoded.error();
  }
  return a;
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
  std::size_t limit = settings_.batch_size;  // halved while looking for an event the server refuses whole
  bool events_at_fault = false;              // an empty push passed where one with events did not
  const auto take = [&](const sync::SyncResponse& response) {
    store.apply(response);
    changed = changed || response.site || !response.members.empty() || !response.badges.empty() ||
              !response.resources.empty() || !response.bookings.empty() || response.rules || response.help_agenda ||
              !response.appointments.empty();
  };
  while (more) {
    auto events = store.pending_events(limit);
    const std::size_t sent = events.size();
    std::vector<std::string> ids;
    ids.reserve(sent);
    for (const auto& e : events) ids.push_back(e.id);
    Attempt a = push(store, *address, token, std::move(events));
    if (!a.response && refused_request(a.status) && sent > 0) {
      if (const auto i = named_event(a.message); i && *i < sent) {
        store.set_aside(ids[*i], refusal_reason(a.status, a.message));
        limit = settings_.batch_size;
        continue;
      }
      if (!events_at_fault) {
        spdlog::warn("sync: the server refused a push of {} events (HTTP {}: {}); trying without them", sent, a.status,
                     log_text(a.message, 300));
        Attempt probe = push(store, *address, token, {});
        if (probe.response) {
          take(*probe.response);
          events_at_fault = true;
          continue;
        }
        a = std::move(probe);  // any push is refused: no event is to blame
      } else if (sent > 1) {
        limit = sent / 2;
        continue;
      } else {
        store.set_aside(ids.front(), refusal_reason(a.status, a.message));
        limit = settings_.batch_size;
        continue;
      }
    }
    if (!a.response) {
      std::lock_guard lock(mutex_);
      if (status_.last_error != a.problem) spdlog::warn("sync: {}", a.problem);
      status_.last_error = a.problem;
      status_.pending = store.pending_count();
      return false;
    }
    take(*a.response);
    const bool outbox_left = sent == limit;
    more = a.response->more || outbox_left;
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
      flush_to_disk(*store);
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
    flush_to_disk(*store);
    synced_.notify_all();
  }
}

// The UI's connection leaves WAL checkpoints to this thread (LocalStoreOptions::
// checkpoints_elsewhere): what a badge committed a moment ago (the wake was
// probably its poke) reaches the disk here, its fsyncs off the UI thread.
void SyncClient::flush_to_disk(LocalStore& store) {
  try {
    store.checkpoint();
  } catch (const std::exception& e) {
    spdlog::warn("sync: WAL checkpoint: {}", e.what());
  }
}

}  // namespace escale::kiosk
