// Animator PINs: hashed here, stored on the member, announced in the change log.
#include "store/pins.hpp"

#include "auth/pin.hpp"
#include "store/changes.hpp"
#include "store/members.hpp"
#include "store/network.hpp"

namespace escale::server {

Result<Member> set_member_pin(store::Database& db, std::int64_t member_id, std::string_view pin) {
  auto member = find_member(db, member_id);
  if (!member)
    return Error{"Le membre n° " + std::to_string(member_id) +
                 " n’existe pas : vérifiez avec « escale-server member list »."};
  if (!member->has_role(Role::Animator))
    return Error{member->first_name + " " + member->last_name +
                 " n’a pas le rôle d’animateur : seuls les animateurs ont un code pour la borne."};
  if (!is_valid_pin(pin)) return Error{"Le code doit compter 4 à 6 chiffres."};
  auto hash = hash_pin(pin);  // slow on purpose (argon2id): outside the write transaction
  if (!hash) return Error{hash.error()};
  store::Transaction tx(db);
  db.prepare("UPDATE members SET pin_hash = ? WHERE id = ?").bind_all(*hash, member_id).run();
  // The site's kiosks receive the new hash with the member.
  record_change(db, kNetworkFeed, Entity::Member, std::to_string(member_id));
  tx.commit();
  return *member;
}

}  // namespace escale::server
