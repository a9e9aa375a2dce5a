// Animator mode's help agenda (part of KioskApp; see kiosk_app.hpp): today's
// appointments with one row per participant, marking who came, a request on
// the spot placed in the next free slot, and the activity record (CRA) of a
// participant or a workshop. Everything is written locally with its outbox
// event, attributed to the animator, and reaches the server at the next sync.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "app/kiosk_app.hpp"
#include "domain/uuid.hpp"
#include "mediation/activity.hpp"
#include "mediation/partners.hpp"

namespace escale::kiosk {
namespace {

using mediation::ParticipantStatus;

std::string label_of(const mediation::Choice& c, Language lang) {
  return std::string(lang == Language::French ? c.label : c.label_en);
}

ChoiceGroup group_of(std::string key, std::string title, bool multi, bool required,
                     std::span<const mediation::Choice> choices, Language lang,
                     const std::vector<std::string>& selected) {
  ChoiceGroup g;
  g.key = std::move(key);
  g.title = std::move(title);
  g.multi = multi;
  g.required = required;
  for (const auto& c : choices) {
    ChoiceItem item;
    item.code = std::string(c.code);
    item.label = label_of(c, lang);
    item.selected = std::find(selected.begin(), selected.end(), item.code) != selected.end();
    g.items.push_back(std::move(item));
  }
  return g;
}

ChoiceGroup theme_group(std::string key, std::string title, bool required, std::span<const mediation::ThemeInfo> themes,
                        Language lang, const std::vector<std::string>& selected) {
  ChoiceGroup g;
  g.key = std::move(key);
  g.title = std::move(title);
  g.multi = true;
  g.required = required;
  for (const auto& t : themes) {
    ChoiceItem item;
    item.code = std::string(t.code);
    item.label = std::string(lang == Language::French ? t.label : t.label_en);
    item.selected = std::find(selected.begin(), selected.end(), item.code) != selected.end();
    g.items.push_back(std::move(item));
  }
  return g;
}

std::vector<std::string> selected_codes(const std::vector<ChoiceGroup>& groups, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& g : groups) {
    if (g.key != key) continue;
    for (const auto& i : g.items) {
      if (i.selected) out.push_back(i.code);
    }
  }
  return out;
}

// France Services' partners (issue 19), multi-select, pre-ticked from the topics.
ChoiceGroup partner_group(Language lang, const std::vector<std::string>& selected) {
  const bool fr = lang == Language::French;
  ChoiceGroup g;
  g.key = "partners";
  g.title = fr ? "Partenaire concerné" : "Partner concerned";
  g.multi = true;
  for (const auto& p : mediation::partners()) {
    ChoiceItem item;
    item.code = std::string(p.code);
    item.label = std::string(fr ? p.label : p.label_en);
    item.selected = std::find(selected.begin(), selected.end(), item.code) != selected.end();
    g.items.push_back(std::move(item));
  }
  return g;
}

// « Chèques APTIC reçus »: 0 to 5 (more, or their numbers: from the back office's API).
constexpr int kMaxKioskCheques = 5;
ChoiceGroup cheque_group(Language lang) {
  ChoiceGroup g;
  g.key = "cheques";
  g.title = lang == Language::French ? "Chèques APTIC reçus" : "APTIC cheques received";
  g.required = true;
  for (int n = 0; n <= kMaxKioskCheques; ++n) {
    ChoiceItem item;
    item.code = std::to_string(n);
    item.label = std::to_string(n);
    item.selected = n == 0;
    g.items.push_back(std::move(item));
  }
  return g;
}

// Durations offered for the record (minutes).
constexpr int kDurations[] = {15, 30, 45, 60, 90, 120, 180};

}  // namespace

bool KioskApp::on_agenda_action(const UiAction& action, Instant at) {
  if (!animator_.who) return false;
  const auto status_act = [&](ParticipantStatus s) {
    mark_participant(action.arg, s, at);
    return true;
  };
  switch (action.act) {
    case Act::ShowAgenda:
      show_agenda(at);
      return true;
    case Act::MarkSeen:
      return status_act(ParticipantStatus::Seen);
    case Act::MarkNoShow:
      return status_act(ParticipantStatus::NoShow);
    case Act::MarkExcused:
      return status_act(ParticipantStatus::Excused);
    case Act::OpenActivity:
      open_activity(action.arg, at);
      return true;
    case Act::ToggleChoice:
      toggle_choice(action.arg, at);
      return true;
    case Act::AgendaWalkIn:
      agenda_walk_in(at);
      return true;
    default:
      break;
  }
  if (screen_ != Screen::AnimatorActivity) return false;
  auto& form = agenda_.activity;
  switch (action.act) {
    case Act::FormFocus:
      // 0: home commune, 1: note, -1: « OK » (the keyboard closes).
      if (action.arg >= -1 && action.arg <= 1) form.focused = action.arg;
      last_activity_ = at;
      return true;
    case Act::FormEdit:
      if (form.focused == 0) {
        std::string digits;
        for (char c : action.text) {
          if ((c >= '0' && c <= '9') || c == 'A' || c == 'B' || c == 'a' || c == 'b') digits += c;
        }
        form.home_commune = digits.substr(0, 5);
      } else if (form.focused == 1) {
        form.note = action.text.substr(0, mediation::kMaxNoteLength);
      }
      last_activity_ = at;
      return true;
    case Act::FormSubmit:
      submit_activity(at);
      return true;
    default:
      return false;
  }
}

void KioskApp::show_agenda(Instant at) {
  agenda_.rows.clear();
  agenda_.refs.clear();
  const auto records = store_.appointments_between(paris_day_start(at), paris_next_day_start(at));
  const auto agenda = store_.help_agenda();
  for (const auto& rec : records) {
    const auto& a = rec.appointment;
    if (a.cancelled || rec.refusal) continue;
    std::string what = a.title;
    if (!a.collective) {
      what.clear();
      for (const auto& t : agenda.types) {
        if (t.id == a.type_id) what = t.name;
      }
      if (what.empty()) what = language_ == Language::French ? "Rendez-vous d’aide numérique" : "Digital help";
    }
    std::string mediator;
    if (const auto m = store_.member(a.mediator_id)) mediator = m->first_name;
    bool first = true;
    for (const auto& p : a.participants) {
      AgendaRow row;
      row.what = what;
      row.start = to_paris(a.start);
      row.minutes = static_cast<int>(a.duration.count());
      row.mediator = mediator;
      if (p.member_id) {
        if (const auto m = store_.member(*p.member_id)) row.who = m->first_name + " " + m->last_name;
      } else {
        row.who = p.first_name;
      }
      row.topics = p.topics;
      row.status = p.status;
      row.past = a.start <= at;
      row.waiting = p.waiting;
      row.collective = a.collective;
      row.recorded = a.collective ? rec.recorded
                                  : std::find(rec.recorded_participants.begin(), rec.recorded_participants.end(),
                                              p.id) != rec.recorded_participants.end();
      row.first_of_appointment = first;
      first = false;
      agenda_.rows.push_back(std::move(row));
      agenda_.refs.emplace_back(a.id, p.id);
    }
    if (a.participants.empty() && a.collective) {
      // A workshop nobody has joined yet still shows, with its record.
      AgendaRow row;
      row.what = what;
      row.start = to_paris(a.start);
      row.minutes = static_cast<int>(a.duration.count());
      row.mediator = mediator;
      row.collective = true;
      row.past = a.start <= at;
      row.recorded = rec.recorded;
      row.status = ParticipantStatus::Seen;  // nothing to mark
      agenda_.rows.push_back(std::move(row));
      agenda_.refs.emplace_back(a.id, std::string());
    }
  }
  agenda_.free_now = 0;
  if (const auto* type = sync::kiosk_appointment_type(agenda)) {
    const auto plain = sync::appointments_of(records);
    const mediation::AgendaView view{agenda.hours, agenda.exceptions, plain};
    const CivilDate today = paris_civil_date(at);
    agenda_.free_now = static_cast<int>(mediation::free_slots(*type, view, today, today, at).size());
  }
  show(Screen::AnimatorAgenda, at);
}

void KioskApp::mark_participant(int index, mediation::ParticipantStatus status, Instant at) {
  if (index < 0 || static_cast<std::size_t>(index) >= agenda_.refs.size()) return;
  const auto& [appointment_id, participant_id] = agenda_.refs[static_cast<std::size_t>(index)];
  if (participant_id.empty()) return;
  store_.record_participant_status(appointment_id, participant_id, status, at, animator_.who->id);
  spdlog::info("animator mode: member {} marked a help participant {}", animator_.who->id,
               mediation::to_string(status));
  show_agenda(at);
}

void KioskApp::open_activity(int index, Instant at) {
  if (index < 0 || static_cast<std::size_t>(index) >= agenda_.refs.size()) return;
  const auto [appointment_id, participant_id] = agenda_.refs[static_cast<std::size_t>(index)];
  const auto rec = store_.find_appointment(appointment_id);
  if (!rec) return;
  const auto& a = rec->appointment;
  mediation::ActivityRecord r;
  r.id = make_uuid_v4();
  r.site_id = site_id_;
  r.mediator_id = a.mediator_id;
  r.appointment_id = a.id;
  r.collective = a.collective;
  r.date = paris_civil_date(a.start);
  r.duration = a.duration;
  r.place = "lieu_activite";
  std::vector<std::string> themes;
  std::vector<mediation::HelpTopic> topics;
  int seen = 0;
  const mediation::Participant* person = nullptr;
  for (const auto& p : a.participants) {
    if (p.status == ParticipantStatus::Seen) ++seen;
    if (!a.collective && p.id == participant_id) person = &p;
    if (a.collective || p.id == participant_id) {
      for (auto t : p.topics) {
        topics.push_back(t);
        for (auto code : mediation::suggested_themes(t)) {
          if (std::find(themes.begin(), themes.end(), code) == themes.end()) themes.emplace_back(code);
        }
      }
    }
  }
  if (a.collective) {
    r.participants = std::max(1, seen);
    r.workshop_title = a.title;
    r.level = a.level;
  } else {
    r.participant_id = participant_id;
    r.participants = 1;
    r.anonymous = person ? mediation::is_anonymous(*person) : true;
  }
  agenda_.draft = r;

  const Language lang = language_;
  const bool fr = lang == Language::French;
  ActivityForm form;
  std::string who;
  if (person && person->member_id) {
    if (const auto m = store_.member(*person->member_id)) who = m->first_name + " " + m->last_name;
  } else if (person) {
    who = person->first_name;
  }
  const LocalTime start = to_paris(a.start);
  if (a.collective) {
    form.subject = (fr ? "Atelier «\u202F" + a.title + "\u202F», " : "Workshop “" + a.title + "”, ") +
                   format_day(start, lang) + ", " + std::to_string(r.participants) +
                   (fr ? (r.participants > 1 ? " présents" : " présent") : " present");
  } else {
    form.subject = (who.empty() ? std::string(fr ? "Sans nom" : "No name") : who) + ", " + format_day(start, lang) +
                   (fr ? " à " : " at ") + format_time(start, lang);
  }
  const std::vector<std::string> none;
  form.groups.push_back(theme_group("themes", fr ? "Thématiques (au moins une)" : "Themes (at least one)", true,
                                    mediation::general_themes(), lang, themes));
  form.groups.push_back(theme_group("admin_themes", fr ? "Démarches administratives" : "Official procedures", false,
                                    mediation::administrative_themes(), lang, themes));
  form.groups.push_back(partner_group(lang, mediation::suggested_partners(topics)));
  form.groups.push_back(cheque_group(lang));
  ChoiceGroup duration;
  duration.key = "duration";
  duration.title = fr ? "Durée" : "Duration";
  duration.required = true;
  const int minutes = static_cast<int>(a.duration.count());
  int nearest = kDurations[0];
  for (int d : kDurations) {
    if (std::abs(d - minutes) < std::abs(nearest - minutes)) nearest = d;
  }
  for (int d : kDurations) {
    ChoiceItem item;
    item.code = std::to_string(d);
    // « 1 h 30 » / "1 hr 30 min" (not « h » in English).
    const std::string hours = std::to_string(d / 60);
    const std::string rest = std::to_string(d % 60);
    if (d < 60) {
      item.label = std::to_string(d) + " min";
    } else if (fr) {
      item.label = hours + " h" + (d % 60 ? " " + rest : std::string());
    } else {
      item.label = hours + " hr" + (d % 60 ? " " + rest + " min" : std::string());
    }
    item.selected = d == nearest;
    duration.items.push_back(std::move(item));
  }
  form.groups.push_back(std::move(duration));
  form.groups.push_back(
      group_of("place", fr ? "Lieu" : "Place", false, true, mediation::place_choices(), lang, {"lieu_activite"}));
  form.groups.push_back(group_of("equipment", fr ? "Matériel utilisé" : "Equipment used", true, false,
                                 mediation::equipment_choices(), lang, none));
  form.groups.push_back(
      group_of("autonomy", fr ? "Autonomie" : "Autonomy", false, false, mediation::autonomy_choices(), lang, none));
  // La Coop's seven kinds of structure (an individual's record only: La Coop
  // does not ask it of a workshop).
  if (!a.collective) {
    form.groups.push_back(group_of("redirection",
                                   fr ? "Orientée vers une autre structure" : "Sent on to another organisation", false,
                                   false, mediation::redirection_choices(), lang, none));
  }
  if (!a.collective) {
    form.groups.push_back(group_of("age", fr ? "Tranche d’âge" : "Age bracket", false, true,
                                   mediation::age_bracket_choices(), lang, {"non_communique"}));
    form.groups.push_back(group_of("status", fr ? "Situation" : "Situation", false, true,
                                   mediation::social_status_choices(), lang, {"non_communique"}));
  }
  agenda_.activity = std::move(form);
  show(Screen::AnimatorActivity, at);
}

void KioskApp::toggle_choice(int arg, Instant at) {
  if (screen_ != Screen::AnimatorActivity || arg < 0) return;
  const auto g = static_cast<std::size_t>(arg / 1000);
  const auto i = static_cast<std::size_t>(arg % 1000);
  auto& groups = agenda_.activity.groups;
  if (g >= groups.size() || i >= groups[g].items.size()) return;
  auto& group = groups[g];
  if (group.multi) {
    group.items[i].selected = !group.items[i].selected;
  } else {
    const bool was = group.items[i].selected;
    for (auto& item : group.items) item.selected = false;
    // A required single choice stays chosen; an optional one can be cleared.
    group.items[i].selected = group.required ? true : !was;
  }
  agenda_.activity.error.clear();
  agenda_.activity.error_en.clear();
  last_activity_ = at;
}

void KioskApp::submit_activity(Instant at) {
  if (!agenda_.draft || !animator_.who) return;
  auto& form = agenda_.activity;
  mediation::ActivityRecord r = *agenda_.draft;
  r.themes = selected_codes(form.groups, "themes");
  for (auto& code : selected_codes(form.groups, "admin_themes")) r.themes.push_back(std::move(code));
  if (const auto d = selected_codes(form.groups, "duration"); !d.empty())
    r.duration = std::chrono::minutes(std::stoi(d[0]));
  if (const auto p = selected_codes(form.groups, "place"); !p.empty()) r.place = p[0];
  r.equipment = selected_codes(form.groups, "equipment");
  if (const auto au = selected_codes(form.groups, "autonomy"); !au.empty()) r.autonomy = au[0];
  if (const auto re = selected_codes(form.groups, "redirection"); !re.empty()) r.redirection = re[0];
  if (const auto ag = selected_codes(form.groups, "age"); !ag.empty()) r.age_bracket = ag[0];
  if (const auto st = selected_codes(form.groups, "status"); !st.empty()) r.social_status = st[0];
  r.partners = selected_codes(form.groups, "partners");
  if (const auto ch = selected_codes(form.groups, "cheques"); !ch.empty()) r.cheques = std::stoi(ch[0]);
  if (!form.home_commune.empty()) r.home_insee = form.home_commune;
  r.note = form.note;
  r.recorded_at = at;
  if (r.themes.empty()) {
    form.error = "Choisissez au moins une thématique.";
    form.error_en = "Choose at least one theme.";
    last_activity_ = at;
    return;
  }
  if (auto problem = mediation::validate(r)) {
    form.error = *problem;
    form.error_en = "Something is not right: " + *problem;
    last_activity_ = at;
    return;
  }
  store_.record_activity(r, at, animator_.who->id);
  agenda_.draft.reset();
  done(DoneKind::ActivityRecorded, {}, std::nullopt, at);
}

void KioskApp::agenda_walk_in(Instant at) {
  const auto agenda = store_.help_agenda();
  const auto* type = sync::kiosk_appointment_type(agenda);
  std::optional<mediation::HelpSlot> slot;
  if (type) {
    const auto records = store_.appointments_between(paris_day_start(at), paris_next_day_start(at));
    const auto plain = sync::appointments_of(records);
    const mediation::AgendaView view{agenda.hours, agenda.exceptions, plain};
    const CivilDate today = paris_civil_date(at);
    const auto slots = mediation::free_slots(*type, view, today, today, at);
    if (!slots.empty()) slot = slots.front();
  }
  if (!slot) {
    done(DoneKind::NoFreeHelpSlot, {}, std::nullopt, at);
    return;
  }
  mediation::Participant p;
  p.id = make_uuid_v4();
  p.added_at = at;
  mediation::Appointment a;
  a.id = make_uuid_v4();
  a.site_id = site_id_;
  a.type_id = type->id;
  a.mediator_id = slot->mediator_id;
  a.start = slot->start;
  a.duration = type->duration;
  a.place = type->place;
  a.participants.push_back(p);
  store_.record_help_request(a, p, false, at, animator_.who->id);
  // The time and the mediator, worded by the screen in its language.
  std::string mediator;
  if (const auto m = store_.member(a.mediator_id)) mediator = m->first_name;
  done(DoneKind::HelpPlaced, mediator, std::nullopt, at);
  animator_.done.since = to_paris(a.start);
}

}  // namespace escale::kiosk
