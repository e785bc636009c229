// JSON encoding of the request domain: the wire format of the API and of ledger payloads.
// Decoders validate types and enum names and name the offending field in the error.
// Pure functions; thread-safe.
#pragma once

#include <boost/json/fwd.hpp>

#include "common/status.h"
#include "model/request.h"

namespace liaison::model {

// The bilingual text members of a request's content, by wire name, in the form's order: what
// the encoder, the decoder and the printed form (requests/printout.cc) walk.
struct TextMember {
  const char* name;
  BilingualText RequestContent::*member;
};
inline constexpr TextMember kTextMembers[] = {
    {"title", &RequestContent::title},
    {"requesting_authority", &RequestContent::requesting_authority},
    {"legal_basis", &RequestContent::legal_basis},
    {"offence", &RequestContent::offence},
    {"data_sought", &RequestContent::data_sought},
    {"data_link", &RequestContent::data_link},
    {"custodian", &RequestContent::custodian},
    {"necessity", &RequestContent::necessity},
};

boost::json::value to_json(const BilingualText& t);
boost::json::value to_json(const Identifier& id);
boost::json::object to_json(const RequestContent& c);
boost::json::object to_json(const EventArgs& a);  // only the set members
boost::json::object to_json(const Completeness& c);

// Decode from JSON. `field` prefixes the error field (e.g. "title").
// Unknown keys in objects are rejected (invalid_argument naming the key) so typos are seen.
Result<BilingualText> bilingual_from_json(const boost::json::value& v, const std::string& field);
Result<Identifier> identifier_from_json(const boost::json::value& v, const std::string& field);
// `partial`: when true (PATCH of a draft) absent keys keep the value in `base`.
Result<RequestContent> content_from_json(const boost::json::value& v,
                                         const RequestContent& base = {});
Result<EventArgs> event_args_from_json(const boost::json::object& o);
// A patch of a request's content must not name other parties than `base`'s (the parties of a
// request never change): invalid_argument (read_only) naming prefix + the member.
Status parties_unchanged(const boost::json::object& patch, const RequestContent& base,
                         const std::string& prefix = "");
// The content members of a request's projection document (which holds other members too):
// types and wire names checked, the rules of validate_content not applied again (the content
// passed them when its record was applied).
Result<RequestContent> content_of_document(const boost::json::object& doc);

// Rewrites the `value` of each identifier in `o`'s "identifiers" (a request's content, or its
// projection document) in today's canonical text (ident/ident.h); one that does not validate
// is left as it is. Records signed before the normaliser was unified carry older text (a URL
// with its user part and its default port, an e-mail with its local part's case). Returns
// whether anything changed.
bool renormalise_identifiers(boost::json::object& o);

}  // namespace liaison::model
