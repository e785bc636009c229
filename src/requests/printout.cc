// The printed form of a request (requests/printout.h). Labels are "中文 / English" pairs; the
// request's own words appear as written, with their translation beneath. Times are UTC.
#include "requests/printout.h"

#include <boost/json.hpp>
#include <map>
#include <string_view>

#include "common/crypto.h"
#include "common/json_fields.h"
#include "model/request_json.h"
#include "outputs/pdf_canvas.h"
#include "requests/service.h"
#include "requests/stored.h"
#include "requests/views.h"

namespace liaison::requests {

namespace json = boost::json;
using outputs::Align;
using outputs::Font;
using outputs::kMuted;
using outputs::kShade;
using outputs::PdfCanvas;

namespace {

constexpr double kM = PdfCanvas::kMargin;
constexpr double kW = PdfCanvas::kContentWidth;
constexpr double kLabelW = 150;

struct Pair {
  const char* zh;
  const char* en;
};

// Labels of fields, checklist items, types, states, priorities and clocks (the console's
// words, web/src/shared/i18n).
const std::map<std::string_view, Pair>& words() {
  static const std::map<std::string_view, Pair> m{
      {"reference", {"编号", "Reference"}},
      {"requester_ref", {"请求方编号", "Requester's reference"}},
      {"requested_ref", {"被请求方编号", "Requested party's reference"}},
      {"requesting_party", {"请求方", "Requesting party"}},
      {"requested_party", {"被请求方", "Requested party"}},
      {"type", {"请求类型", "Type"}},
      {"priority", {"优先级", "Priority"}},
      {"priority_area", {"重点领域", "Priority area"}},
      {"state", {"状态", "State"}},
      {"title", {"标题", "Title"}},
      {"requesting_authority", {"请求机关（单位及联系方式）", "Requesting authority"}},
      {"legal_basis", {"法律依据", "Legal basis"}},
      {"offence", {"涉嫌犯罪及案情摘要", "Offence and facts"}},
      {"data_sought", {"所需数据", "Data sought"}},
      {"data_link", {"所需数据与犯罪的关联", "Link between the data and the offence"}},
      {"custodian", {"数据持有者或所在地", "Custodian or location"}},
      {"necessity", {"必要性（及紧迫性）", "Necessity (and urgency)"}},
      {"mla_to_follow", {"随后将提出正式司法协助请求", "Formal MLA to follow"}},
      {"data_categories", {"数据类别", "Data categories"}},
      {"identifiers", {"标识符", "Identifiers"}},
      {"confidentiality", {"保密要求", "Confidentiality"}},
      {"respond_by", {"答复期限", "Respond by"}},
      {"created_at", {"创建时间", "Created"}},
      {"submitted_at", {"提交时间", "Submitted"}},
      {"acknowledged_at", {"确认接收时间", "Acknowledged"}},
      {"closed_at", {"结案时间", "Closed"}},
      {"delivery", {"送达", "Delivery"}},
      {"preservation", {"数据保全", "Preservation of data"}},
      {"expedited_traffic_data", {"快速披露流量数据", "Expedited traffic data"}},
      {"stored_data_production", {"调取已存储数据", "Stored data production"}},
      {"emergency_disclosure", {"紧急披露", "Emergency disclosure"}},
      {"locate_identify", {"定位与身份查明", "Locate / identify"}},
      {"technical_advice", {"技术咨询", "Technical advice"}},
      {"lead_sharing", {"线索通报", "Lead sharing"}},
      {"ci_incident_assistance", {"关键基础设施事件协助", "Critical-infrastructure incident"}},
      {"takedown_mitigation", {"关停与处置", "Takedown / mitigation"}},
      {"formal_mla", {"正式刑事司法协助", "Formal MLA"}},
      {"draft", {"草稿", "Draft"}},
      {"submitted", {"已提交", "Submitted"}},
      {"acknowledged", {"已确认接收", "Acknowledged"}},
      {"in_progress", {"办理中", "In progress"}},
      {"preserved", {"已保全", "Preserved"}},
      {"needs_info", {"待补充信息", "Needs information"}},
      {"postponed", {"已推迟", "Postponed"}},
      {"partially_fulfilled", {"部分完成", "Partially fulfilled"}},
      {"fulfilled", {"已完成", "Fulfilled"}},
      {"refused", {"已拒绝", "Refused"}},
      {"withdrawn", {"已撤回", "Withdrawn"}},
      {"closed", {"已结案", "Closed"}},
      {"P0", {"P0 · 紧急", "Emergency"}},
      {"P1", {"P1 · 加急", "Urgent"}},
      {"P2", {"P2 · 普通", "Normal"}},
      {"P3", {"P3 · 正式司法协助", "Formal MLA"}},
      {"acknowledge", {"确认接收", "Acknowledge"}},
      {"preserve", {"保全", "Preserve"}},
      {"first_reply", {"首次答复", "First reply"}},
      {"fulfil", {"完成", "Fulfil"}},
      {"preservation_expiry", {"保全到期", "Preservation expiry"}},
      {"written_confirmation", {"书面确认", "Written confirmation"}},
  };
  return m;
}

// "中文 / English" for a known word, the word itself otherwise.
std::string both(std::string_view key) {
  auto it = words().find(key);
  if (it == words().end()) return std::string(key);
  return std::string(it->second.zh) + " / " + it->second.en;
}

// A bilingual field's original with its translation beneath.
std::string text_of(const model::BilingualText& t) {
  return t.translation.empty() ? t.original : t.original + "\n" + t.translation;
}

std::string nested(const json::object& o, const char* outer, const char* inner) {
  auto* v = o.if_contains(outer);
  return v && v->is_object() ? str_of(v->get_object(), inner) : std::string();
}

const json::array& array_of(const json::object& o, const char* key) {
  static const json::array kEmpty;
  auto* v = o.if_contains(key);
  return v && v->is_array() ? v->get_array() : kEmpty;
}

// A key's fingerprint as evidence packages print it: 16 bytes of its SHA-256 in groups.
std::string fingerprint(std::string_view raw_key) {
  std::string hex = sha256_hex(raw_key).substr(0, 32);
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 4) out += (i ? " " : "") + hex.substr(i, 4);
  return out;
}

struct Sources {
  StoredRequest request;
  json::object view;                                // as GET /requests/{id} renders it
  std::vector<StoredAttachment> attachments;        // as GET …/attachments lists them
  json::array records;                              // as GET …/records lists them
  std::map<std::string, std::string> fingerprints;  // party → its key's fingerprint
};

class Form {
 public:
  Form(PdfCanvas& c, const Sources& s) : c_(c), s_(s), r_(s.request), rc_(s.request.content) {}
  void draw();

 private:
  void heading(const std::string& zh, const std::string& en) {
    c_.need(40);
    c_.y += 10;
    c_.y += c_.text(kM, c_.y, kW, zh + "  " + en, {12, true}) + 4;
    c_.rule(c_.y);
    c_.y += 5;
  }
  // A labelled line: the label (both languages) left, the value right of it.
  void line(const std::string& label, const std::string& value, bool mono = false) {
    const Font vf{9.5, false, mono};
    const double h =
        std::max(c_.measure(kLabelW - 8, label, {8.5}), c_.measure(kW - kLabelW, value, vf));
    c_.need(h + 4);
    c_.text(kM, c_.y, kLabelW - 8, label, {8.5}, kMuted);
    c_.text(kM + kLabelW, c_.y, kW - kLabelW, value.empty() ? "—" : value, vf);
    c_.y += h + 4;
  }
  void field(const char* key, const model::BilingualText& t) { line(both(key), text_of(t)); }
  void title_block();
  void header();
  void deadlines();
  void content();
  void checklist();
  void identifiers();
  void attachments();
  void timeline();
  void keys();

  PdfCanvas& c_;
  const Sources& s_;
  const StoredRequest& r_;
  const model::RequestContent& rc_;  // the request's content
};

void Form::title_block() {
  c_.y += c_.text(kM, c_.y, kW, "协助请求  Request for assistance", {18, true}) + 2;
  std::string ref = rc_.requester_ref;
  if (!r_.requested_ref.empty()) ref += " / " + r_.requested_ref;
  c_.y += c_.text(kM, c_.y, kW, ref.empty() ? r_.id : ref, {14, true, true}) + 4;
  c_.y += c_.text(kM, c_.y, kW, text_of(rc_.title), {11}) + 8;
}

void Form::header() {
  heading("基本信息", "Request");
  line(both("requester_ref"), rc_.requester_ref, true);
  line(both("requested_ref"), r_.requested_ref, true);
  line(both("requesting_party"), rc_.requesting_party);
  line(both("requested_party"), rc_.requested_party);
  line(both("type"), both(model::to_string(rc_.type)));
  line(both("priority"), both(model::to_string(rc_.priority)));
  line(both("priority_area"), model::to_string(rc_.priority_area));
  line(both("state"), both(model::to_string(r_.state())));
  line(both("delivery"), nested(s_.view, "delivery", "state"));
  const std::pair<const char*, const std::string*> times[] = {
      {"respond_by", &rc_.respond_by},
      {"created_at", &r_.created_at},
      {"submitted_at", &r_.submitted_at},
      {"acknowledged_at", &r_.acknowledged_at},
      {"closed_at", &r_.closed_at}};
  for (const auto& [key, time] : times) {
    if (!time->empty()) line(both(key) + " (UTC)", *time);
  }
  line("请求 ID / Request id", r_.id, true);
}

void Form::deadlines() {
  auto* d = s_.view.if_contains("deadlines");
  if (!d || !d->is_object()) return;
  const auto& clocks = array_of(d->get_object(), "clocks");
  if (clocks.empty()) return;
  heading("时限", "Deadlines");
  for (const auto& v : clocks) {
    if (!v.is_object()) continue;
    const auto& k = v.get_object();
    std::string value = str_of(k, "due_at").empty() ? "未开始 / not started" : str_of(k, "due_at");
    value += "  ·  " + str_of(k, "state");
    if (!str_of(k, "source").empty()) value += "\n" + str_of(k, "source");
    // The source in Chinese too, when the policy gives it (hotline/deadline_policy.h).
    if (const auto* by = k.if_contains("source_by_lang"); by && by->is_object()) {
      const std::string zh = str_of(by->get_object(), "zh-CN");
      if (!zh.empty() && zh != str_of(k, "source")) value += "\n" + zh;
    }
    line(both(str_of(k, "clock")), value);
  }
}

void Form::content() {
  heading("请求内容", "Content");
  for (const model::TextMember& t : model::kTextMembers) {
    if (t.member != &model::RequestContent::title) field(t.name, rc_.*t.member);  // (above)
  }
  line(both("mla_to_follow"), !rc_.mla_to_follow   ? ""
                              : *rc_.mla_to_follow ? "是 / Yes"
                                                   : "否 / No");
  line(both("confidentiality"), model::to_string(rc_.confidentiality));
  std::string cats;
  for (model::DataCategory d : rc_.data_categories) {
    cats += (cats.empty() ? "" : ", ") + std::string(model::to_string(d));
  }
  if (!cats.empty()) line(both("data_categories"), cats);
}

void Form::checklist() {
  heading("要素清单", "Checklist");
  for (const model::ChecklistItem& it : model::assess(rc_).items) {
    line(it.satisfied ? "✓ 已具备 / present" : "✗ 缺少 / missing", both(it.item));
  }
}

void Form::identifiers() {
  heading("标识符", "Identifiers");
  if (rc_.identifiers.empty()) line("", "无 / none");
  for (const model::Identifier& i : rc_.identifiers) {
    std::string value = i.value;
    if (i.port) value += " port " + std::to_string(*i.port);
    if (!i.observed_at.empty()) value += "  @ " + i.observed_at;
    if (!i.note.empty()) value += "\n" + i.note;
    line(model::to_string(i.kind), value, true);
  }
}

void Form::attachments() {
  heading("附件", "Attachments");
  if (s_.attachments.empty()) line("", "无 / none");
  for (const StoredAttachment& a : s_.attachments) {
    line(a.content_type,
         a.filename + "  (" + std::to_string(a.size) + " bytes, " + a.party + ", " + a.created_at +
             ")\nSHA-256 " + a.sha256,
         true);
  }
}

// Every signed record of the request: when, who, what, and the proof (signer's key
// fingerprint, the record's hash, the other party's receipt).
void Form::timeline() {
  heading("时间线与签名", "Timeline and signatures");
  for (const auto& v : s_.records) {
    if (!v.is_object()) continue;
    const auto& rec = v.get_object();
    const std::string origin = str_of(rec, "origin");
    auto seq = int_field(rec, "seq");
    std::string what = str_of(rec, "kind");
    if (auto* p = rec.if_contains("payload"); p && p->is_object()) {
      if (const std::string ev = str_of(p->get_object(), "event"); !ev.empty()) what += " " + ev;
    }
    auto fp = s_.fingerprints.find(origin);
    std::string proof = "签名者密钥指纹 / signer key fingerprint " +
                        (fp == s_.fingerprints.end() ? std::string("?") : fp->second) +
                        "\n哈希 / hash " + str_of(rec, "hash");
    const std::string by = nested(rec, "receipt", "by");
    if (!by.empty()) proof += "\n回执 / receipt " + by + " " + nested(rec, "receipt", "at");
    const auto* valid = rec.if_contains("signature_valid");
    if (valid && valid->is_bool() && !valid->get_bool()) proof += "\n签名无效 / SIGNATURE INVALID";
    line(
        str_of(rec, "created_at") + "\n" + origin + ":" + (seq.is_ok() ? std::to_string(*seq) : ""),
        what + "\n" + proof, true);
  }
}

void Form::keys() {
  heading("当事方公钥", "Parties' keys");
  for (const auto& [party, fp] : s_.fingerprints) line(party, fp, true);
  c_.y += 6;
  c_.text(kM, c_.y, kW,
          "核对：将上述指纹与各方公布的指纹（liaison identity）比对；`liaison verify` "
          "可复核每条记录的签名。\n"
          "Check: compare these fingerprints with the ones each party published (liaison "
          "identity); `liaison verify` re-checks every record's signature.",
          {8}, kMuted);
}

void Form::draw() {
  c_.fill(kM, c_.y, kW, 3, kShade);
  c_.y += 8;
  title_block();
  header();
  deadlines();
  content();
  checklist();
  identifiers();
  attachments();
  timeline();
  keys();
}

// The request's id for an id or a reference (either party's), through the register's text
// search (no SQL here): the reference must match one exactly.
Result<Sources> sources_of(node::Node& node, const std::string& id) {
  Sources s;
  LIAISON_ASSIGN_OR_RETURN(std::string doc, node::get_request(node, id));
  LIAISON_ASSIGN_OR_RETURN(s.request, request_from_text(doc));
  LIAISON_ASSIGN_OR_RETURN(std::string view, request_view(node, node::Role::kAuditor, doc));
  LIAISON_ASSIGN_OR_RETURN(s.view, parse_json_object(view, "the rendered request"));
  LIAISON_ASSIGN_OR_RETURN(node::DocPage atts, node::list_attachments(node, id));
  for (const auto& d : atts.docs) {
    LIAISON_ASSIGN_OR_RETURN(StoredAttachment a, attachment_from_text(d));
    s.attachments.push_back(std::move(a));
  }
  LIAISON_ASSIGN_OR_RETURN(std::string recs, records_view(node, id));
  LIAISON_ASSIGN_OR_RETURN(json::object rv, parse_json_object(recs, "the request's records"));
  s.records = array_of(rv, "items");
  LIAISON_ASSIGN_OR_RETURN(auto keys, node.party_keys());
  for (const auto& [party, key] : keys) s.fingerprints[party] = fingerprint(key);
  return s;
}

}  // namespace

Result<Printout> print_request(node::Node& node, const std::string& id_or_ref) {
  LIAISON_ASSIGN_OR_RETURN(std::string id, node::resolve_request_id(node, id_or_ref));
  LIAISON_ASSIGN_OR_RETURN(Sources s, sources_of(node, id));
  Printout out;
  out.id = id;
  out.reference = s.request.content.requester_ref;
  const std::string shown = out.reference.empty() ? id : out.reference;
  auto pdf = PdfCanvas::render(
      "协助请求 Request for assistance " + shown,
      [&](int page, int total) {
        std::string n = std::to_string(page) + (total > 0 ? " / " + std::to_string(total) : "");
        return shown + "  ·  第 " + n + " 页 / Page " + n;
      },
      [&](PdfCanvas& c) { Form(c, s).draw(); });
  if (!pdf.is_ok()) return pdf.status();
  out.pdf = std::move(*pdf);
  return out;
}

}  // namespace liaison::requests
