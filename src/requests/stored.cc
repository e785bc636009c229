#include "requests/stored.h"

#include <boost/json.hpp>

#include "common/json_fields.h"
#include "model/request_json.h"

namespace liaison::requests {

namespace json = boost::json;

namespace {

Result<const json::object*> object_member(const json::value& v, const char* what) {
  if (!v.is_object()) return field_wrong_type(what, "object");
  return &v.get_object();
}

Result<CustodyStep> custody_step_from(const json::value& v) {
  LIAISON_ASSIGN_OR_RETURN(const json::object* o, object_member(v, "custody"));
  return CustodyStep{str_of(*o, "at"),     str_of(*o, "by"),     str_of(*o, "party"),
                     str_of(*o, "action"), str_of(*o, "record"), str_of(*o, "reason"),
                     str_of(*o, "code")};
}

}  // namespace

Result<StoredMessage> message_from_doc(const json::object& doc) {
  StoredMessage m;
  MemberReader read(doc);
  read.text("id", m.id)
      .text("request_id", m.request_id)
      .text_or_empty("party", m.party)
      .text_or_empty("author", m.author)
      .text_or_empty("created_at", m.created_at);
  if (!read.ok()) return read.status();
  if (const json::value* body = doc.if_contains("body")) {
    LIAISON_ASSIGN_OR_RETURN(m.body, model::bilingual_from_json(*body, "body"));
  }
  return m;
}

json::object to_doc(const StoredMessage& m) {
  return json::object{
      {"id", m.id},         {"request_id", m.request_id},     {"party", m.party},
      {"author", m.author}, {"body", model::to_json(m.body)}, {"created_at", m.created_at}};
}

Result<StoredAttachment> attachment_from_doc(const json::object& doc) {
  StoredAttachment a;
  MemberReader read(doc);
  read.text("id", a.id)
      .text("request_id", a.request_id)
      .text("sha256", a.sha256)
      .text_or_empty("filename", a.filename)
      .text_or_empty("content_type", a.content_type)
      .integer("size", a.size)
      .text_or_empty("party", a.party)
      .text_or_empty("added_by", a.added_by)
      .text_or_empty("created_at", a.created_at);
  if (const json::value* shared = doc.if_contains("shared")) {  // absent before issue 14
    a.shared = shared->is_bool() && shared->get_bool();
  }
  if (doc.contains("custody")) read.each("custody", a.custody, custody_step_from);
  if (!read.ok()) return read.status();
  return a;
}

Result<StoredAttachment> attachment_from_text(std::string_view text) {
  return typed_from_text<StoredAttachment>(text, "a stored attachment", attachment_from_doc);
}

json::object to_doc(const StoredAttachment& a) {
  json::object doc{{"id", a.id},
                   {"request_id", a.request_id},
                   {"sha256", a.sha256},
                   {"filename", a.filename},
                   {"content_type", a.content_type},
                   {"size", a.size},
                   {"party", a.party},
                   {"added_by", a.added_by},
                   {"created_at", a.created_at},
                   {"shared", a.shared}};
  json::array custody;
  for (const CustodyStep& c : a.custody) {
    json::object step{
        {"at", c.at}, {"by", c.by}, {"party", c.party}, {"action", c.action}, {"record", c.record}};
    if (!c.reason.empty()) step["reason"] = c.reason;
    if (!c.code.empty()) step["code"] = c.code;
    custody.push_back(std::move(step));
  }
  doc["custody"] = std::move(custody);
  return doc;
}

}  // namespace liaison::requests
