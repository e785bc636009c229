#include "evidence/package.h"

#include <sodium.h>
#include <zip.h>

#include <boost/json.hpp>
#include <filesystem>
#include <list>
#include <map>
#include <set>

#include "common/crypto.h"
#include "common/json_fields.h"
#include "ledger/record.h"
#include "model/request_json.h"
#include "node/audit.h"
#include "node/blobs.h"
#include "node/store_helpers.h"
#include "node/transfers.h"
#include "requests/kinds.h"
#include "requests/repository.h"
#include "store/records.h"

namespace liaison::evidence {

namespace json = boost::json;
namespace fs = std::filesystem;
using ledger::Record;

namespace {

constexpr const char* kManifest = "manifest.json";
constexpr const char* kSignature = "manifest.sig";
constexpr const char* kCover = "cover.txt";
// A receipt further than this many records from the record it covers is not followed (the
// chain headers between them would make the package large); the file is then shown as
// attached but its receipt as not proven in the package.
constexpr int64_t kMaxChainSegment = 20000;

std::string ref(const Record& r) { return r.origin + ":" + std::to_string(r.seq); }

// Addressed to a party other than its origin.
bool shared(const Record& r) {
  for (const auto& p : r.recipients) {
    if (p != r.origin) return true;
  }
  return false;
}

bool is_custody(const Record& r) {
  return r.kind.size() > 8 && r.kind.compare(r.kind.size() - 8, 8, ".custody") == 0;
}

json::object payload_of(const Record& r) {
  if (r.redacted) return {};
  boost::system::error_code ec;
  json::value v = json::parse(r.payload, ec);
  return !ec && v.is_object() ? std::move(v.get_object()) : json::object{};
}

// A key's fingerprint as people compare it: the first 16 bytes of its SHA-256, in groups.
std::string fingerprint(std::string_view raw_key) {
  std::string hex = sha256_hex(raw_key).substr(0, 32);
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 4) out += (i ? " " : "") + hex.substr(i, 4);
  return out;
}

json::object record_entry(const Record& r) {
  auto body = r.body();
  return json::object{{"ref", ref(r)},
                      {"body", body.is_ok() ? *body : std::string()},
                      {"hash", r.hash},
                      {"signature", r.signature}};
}

// ---- zip ---------------------------------------------------------------------------

class ZipWriter {
 public:
  static Result<ZipWriter> create(const std::string& path) {
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!z) return Status(StatusCode::kInternal, "cannot create " + path, "output");
    return ZipWriter(z);
  }
  ZipWriter(ZipWriter&& o) noexcept : z_(std::exchange(o.z_, nullptr)), data_(std::move(o.data_)) {}
  ~ZipWriter() {
    if (z_) zip_discard(z_);
  }
  // `stored`: no compression (attachments are often compressed already).
  Status add(const std::string& name, std::string data, bool stored) {
    data_.push_back(std::move(data));
    zip_source_t* src = zip_source_buffer(z_, data_.back().data(), data_.back().size(), 0);
    if (!src) return Status(StatusCode::kInternal, "zip: " + std::string(zip_strerror(z_)));
    zip_int64_t i = zip_file_add(z_, name.c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (i < 0) {
      zip_source_free(src);
      return Status(StatusCode::kInternal, "zip: " + std::string(zip_strerror(z_)));
    }
    if (stored) zip_set_file_compression(z_, static_cast<zip_uint64_t>(i), ZIP_CM_STORE, 0);
    return Status::ok();
  }
  Status close() {
    if (zip_close(z_) != 0)
      return Status(StatusCode::kInternal, "zip: " + std::string(zip_strerror(z_)));
    z_ = nullptr;
    return Status::ok();
  }

 private:
  explicit ZipWriter(zip_t* z) : z_(z) {}
  zip_t* z_;
  std::list<std::string> data_;  // kept until close(): libzip reads the buffers then
};

// Every member of a zip by name; a member that cannot be read (e.g. its CRC does not match:
// altered in place) is listed in `unreadable` with the reason.
struct ZipContents {
  std::map<std::string, std::string> members;
  std::map<std::string, std::string> unreadable;
};

Result<ZipContents> read_zip(const std::string& path) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (!z) {
    zip_error_t e;
    zip_error_init_with_code(&e, err);
    std::string why = zip_error_strerror(&e);
    zip_error_fini(&e);
    return invalid_argument(path + " is not a readable zip: " + why, "package");
  }
  ZipContents out;
  const zip_int64_t n = zip_get_num_entries(z, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st) != 0) continue;
    std::string name = st.name;
    if (!name.empty() && name.back() == '/') continue;  // a directory entry
    zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0);
    if (!f) {
      out.unreadable[name] = zip_strerror(z);
      continue;
    }
    std::string data(static_cast<size_t>(st.size), '\0');
    zip_int64_t got = data.empty() ? 0 : zip_fread(f, data.data(), data.size());
    // Read past the end so that libzip checks the CRC of the whole member.
    char extra = 0;
    zip_int64_t more = zip_fread(f, &extra, 1);
    if (got != static_cast<zip_int64_t>(data.size()) || more < 0) {
      out.unreadable[name] = zip_file_strerror(f);
    } else {
      out.members[name] = std::move(data);
    }
    zip_fclose(f);
  }
  zip_discard(z);
  return out;
}

// ---- export ------------------------------------------------------------------------

struct Gathered {
  requests::StoredRequest request;
  std::vector<node::Party> parties;
  std::map<std::string, Record> records;     // by ref; chain headers are redacted copies
  json::array files;                         // manifest entries
  std::map<std::string, std::string> bytes;  // zip path -> bytes
  int missing = 0;
};

// The earliest receipt by `receiver` that covers `r`, and the origin's chain headers from
// `r` to the receipt's head, into `g.records`. Returns the receipt's ref, or "".
Result<std::string> add_receipt(store::Db& db, const Record& r, const std::string& receiver,
                                Gathered& g) {
  LIAISON_ASSIGN_OR_RETURN(auto covering, store::receipt_covering(db, r.origin, receiver, r.seq));
  if (!covering) return std::string();
  const std::string receipt_ref = covering->ref;
  const int64_t up_to = covering->up_to_seq;
  if (up_to - r.seq > kMaxChainSegment) return std::string();
  const size_t colon = receipt_ref.rfind(':');
  if (colon == std::string::npos) return std::string();
  LIAISON_ASSIGN_OR_RETURN(auto receipt,
                           store::get_record(db, receipt_ref.substr(0, colon),
                                             std::stoll(receipt_ref.substr(colon + 1))));
  if (!receipt) return std::string();
  g.records.emplace(receipt_ref, *receipt);
  for (int64_t s = r.seq + 1; s <= up_to; ++s) {
    const std::string key = r.origin + ":" + std::to_string(s);
    if (g.records.count(key)) continue;
    LIAISON_ASSIGN_OR_RETURN(auto link, store::get_record(db, r.origin, s));
    if (!link) return std::string();
    g.records.emplace(key, link->redact());
  }
  return receipt_ref;
}

Status gather(node::Node& node, store::Db& db, const std::string& request_id, Gathered& g) {
  LIAISON_ASSIGN_OR_RETURN(g.request, requests::load_request(db, request_id));
  LIAISON_ASSIGN_OR_RETURN(auto records, store::records_for_object_prefix(db, request_id));
  {
    LIAISON_ASSIGN_OR_RETURN(auto custody, requests::custody_record_keys(db, request_id));
    for (const auto& [origin, seq] : custody) {
      LIAISON_ASSIGN_OR_RETURN(auto r, store::get_record(db, origin, seq));
      if (r && (r->object_id != request_id && r->object_id.rfind(request_id + ":", 0) != 0)) {
        records.push_back(*r);
      }
    }
  }
  std::set<std::string> party_codes;
  for (const auto& p : g.parties) party_codes.insert(p.code);
  for (const auto& r : records) g.records.emplace(ref(r), r);
  // A file attached to a draft has two attachment.add records: the first, for nobody, and the
  // owner's share of it at the submit, addressed to the other party. The file's record is the
  // one the other party was sent (else the first); receipts are of that one.
  std::map<std::string, const Record*> file_record;
  std::vector<std::string> order;
  for (const auto& r : records) {
    if (r.redacted || r.kind != requests::kAttachmentAdd) continue;
    const std::string sha = str_of(payload_of(r), "sha256");
    auto [it, fresh] = file_record.emplace(sha, &r);
    if (fresh) {
      order.push_back(sha);
    } else if (!shared(*it->second) && shared(r)) {
      it->second = &r;
    }
  }
  for (const auto& file_sha : order) {
    const Record& r = *file_record.at(file_sha);
    json::object p = payload_of(r);
    const std::string sha = str_of(p, "sha256"), name = str_of(p, "filename");
    json::array custody;
    custody.push_back(json::object{{"action", "attached"},
                                   {"party", r.origin},
                                   {"by", str_of(p, "added_by")},
                                   {"at", r.created_at},
                                   {"record", ref(r)}});
    for (const auto& receiver : party_codes) {
      if (receiver == r.origin || !r.addressed_to(receiver)) continue;
      LIAISON_ASSIGN_OR_RETURN(std::string receipt, add_receipt(db, r, receiver, g));
      if (receipt.empty()) continue;
      json::object rp = payload_of(g.records.at(receipt));
      custody.push_back(json::object{{"action", "received"},
                                     {"party", receiver},
                                     {"at", str_of(rp, "received_at")},
                                     {"record", receipt}});
    }
    for (const auto& c : records) {
      if (!is_custody(c) || c.redacted) continue;
      json::object cp = payload_of(c);
      if (str_of(cp, "sha256") != sha) continue;
      custody.push_back(json::object{{"action", str_of(cp, "action")},
                                     {"party", c.origin},
                                     {"by", str_of(cp, "actor")},
                                     {"at", c.created_at},
                                     {"record", ref(c)}});
    }
    const std::string path = "files/" + sha + "/" + name;
    json::object entry{{"name", name},
                       {"sha256", sha},
                       {"size", p.contains("size") ? p.at("size") : json::value(0)},
                       {"content_type", str_of(p, "content_type")},
                       {"record", ref(r)},
                       {"custody", std::move(custody)}};
    auto data = node::get_blob(node.path("blobs"), node.blob_key(), sha);
    if (data.is_ok()) {
      entry["path"] = path;
      g.bytes[path] = std::move(*data);
    } else {
      entry["path"] = nullptr;
      entry["missing"] = "the bytes are not on the exporting node";
      ++g.missing;
    }
    g.files.push_back(std::move(entry));
  }
  return Status::ok();
}

std::string bilingual_title(const requests::StoredRequest& request) {
  const std::string& orig = request.content.title.original;
  const std::string& tr = request.content.title.translation;
  return tr.empty() || tr == orig ? orig : orig + " / " + tr;
}

std::string cover_sheet(const json::object& m, const Gathered& g) {
  std::string s;
  s += "证据包 / Evidence package (" + std::string(kFormat) + ")\n";
  s += "================================================================\n\n";
  s += "请求 / Request:        " + g.request.id + "\n";
  s += "标题 / Title:          " + bilingual_title(g.request) + "\n";
  s += "请求方 / Requesting:   " + g.request.content.requesting_party + "\n";
  s += "被请求方 / Requested:  " + g.request.content.requested_party + "\n";
  const json::object& by = m.at("exported_by").as_object();
  s += "导出 / Exported:       " + str_of(m, "exported_at") + " by " + str_of(by, "party") + "/" +
       str_of(by, "user") + "\n\n";
  s += "文件 / Files\n------------\n";
  for (const auto& fv : g.files) {
    const json::object& f = fv.as_object();
    s += "* " + str_of(f, "name") + "  (" + json::serialize(f.at("size")) + " bytes)\n";
    s += "  SHA-256: " + str_of(f, "sha256") + "\n";
    if (f.contains("missing")) s += "  文件内容不在此包中 / bytes not in this package\n";
    for (const auto& cv : f.at("custody").as_array()) {
      const json::object& c = cv.as_object();
      s += "  - " + str_of(c, "at") + "  " + str_of(c, "party") + "  " + str_of(c, "action");
      if (!str_of(c, "by").empty()) s += " (" + str_of(c, "by") + ")";
      s += "  [" + str_of(c, "record") + "]\n";
    }
  }
  s += "\n公钥指纹 / Public key fingerprints\n----------------------------------\n";
  for (const auto& pv : m.at("parties").as_array()) {
    const json::object& p = pv.as_object();
    s += "* " + str_of(p, "code") + " (" + str_of(p, "name") + "): " + str_of(p, "fingerprint") +
         "\n";
  }
  s += "\n核验 / How to check\n-------------------\n"
       "liaison evidence verify THIS.zip — 无需节点、离线核验所有签名、哈希链与文件内容。\n"
       "Checks every signature, hash chain and file offline, without a node. Compare the key\n"
       "fingerprints above with the ones each party published (liaison identity).\n";
  return s;
}

}  // namespace

Result<ExportSummary> export_package(node::Node& node, const node::Actor& actor,
                                     const std::string& request_id, const std::string& out_path) {
  Gathered g;
  LIAISON_ASSIGN_OR_RETURN(g.parties, node.parties());
  LIAISON_RETURN_IF_ERROR(
      node.pool().read([&](store::Db& db) -> Status { return gather(node, db, request_id, g); }));
  json::array parties;
  for (const auto& p : g.parties) {
    auto raw = from_base64(p.public_key_b64);
    if (!raw) continue;
    parties.push_back(json::object{{"code", p.code},
                                   {"name", p.name},
                                   {"public_key", p.public_key_b64},
                                   {"fingerprint", fingerprint(*raw)}});
  }
  json::array records;
  for (const auto& [key, r] : g.records) records.push_back(record_entry(r));
  json::object manifest{
      {"format", kFormat},
      {"request", json::object{{"id", request_id},
                               {"title", model::to_json(g.request.content.title)},
                               {"requesting_party", g.request.content.requesting_party},
                               {"requested_party", g.request.content.requested_party}}},
      {"exported_at", node.now()},
      {"exported_by", json::object{{"party", node.party()}, {"user", actor.username}}},
      {"parties", std::move(parties)},
      {"files", g.files},
      {"records", std::move(records)}};
  const std::string manifest_text = json::serialize(manifest);
  unsigned char sig[crypto_sign_BYTES];
  const std::string& secret = node.ledger().key().secret;
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(manifest_text.data()),
                       manifest_text.size(), reinterpret_cast<const unsigned char*>(secret.data()));

  const std::string tmp = out_path + ".partial";
  {
    LIAISON_ASSIGN_OR_RETURN(ZipWriter zip, ZipWriter::create(tmp));
    LIAISON_RETURN_IF_ERROR(zip.add(kManifest, manifest_text, false));
    LIAISON_RETURN_IF_ERROR(
        zip.add(kSignature, to_base64(std::string(reinterpret_cast<char*>(sig), sizeof sig)) + "\n",
                false));
    LIAISON_RETURN_IF_ERROR(zip.add(kCover, cover_sheet(manifest, g), false));
    for (auto& [path, data] : g.bytes)
      LIAISON_RETURN_IF_ERROR(zip.add(path, std::move(data), true));
    LIAISON_RETURN_IF_ERROR(zip.close());
  }
  std::error_code ec;
  fs::rename(tmp, out_path, ec);
  if (ec) return Status(StatusCode::kInternal, "cannot write " + out_path + ": " + ec.message());
  // Each file in the package: an "exported" custody record of ours (the other party sees
  // it), with the audit entry, in one transaction.
  LIAISON_RETURN_IF_ERROR(node.pool().write([&](store::Db& db) -> Status {
    for (const auto& fv : g.files) {
      const json::object& f = fv.as_object();
      if (f.at("path").is_null()) continue;
      LIAISON_RETURN_IF_ERROR(node::append_custody(node, db, request_id, str_of(f, "sha256"),
                                                   "exported", actor.username));
    }
    return node::audit(db, node.now(), actor, "evidence.export", "request/" + request_id,
                       std::to_string(g.files.size()) + " files");
  }));
  return ExportSummary{static_cast<int>(g.files.size()) - g.missing, g.missing,
                       static_cast<int>(g.records.size())};
}

// ---- verify ------------------------------------------------------------------------

namespace {

struct Checked {
  std::map<std::string, std::string> keys;        // party -> raw public key
  std::map<std::string, std::string> key_prints;  // party -> fingerprint
  std::map<std::string, Record> records;          // verified, by ref
};

std::string signed_by(const Checked& c, const std::string& party) {
  auto it = c.key_prints.find(party);
  return "signed with " + party + "'s key " + (it == c.key_prints.end() ? "?" : it->second);
}

// True when the receipt `receipt` (verified) covers `r`: the origin's records from r to the
// receipt's head are all in the package, verified and linked hash to hash.
bool receipt_covers(const Checked& c, const Record& receipt, const Record& r) {
  json::object p = payload_of(receipt);
  if (str_of(p, "origin") != r.origin) return false;
  const json::value* up = p.if_contains("up_to_seq");
  if (!up || !up->is_int64() || up->get_int64() < r.seq) return false;
  const Record* prev = &r;
  for (int64_t s = r.seq + 1; s <= up->get_int64(); ++s) {
    auto it = c.records.find(r.origin + ":" + std::to_string(s));
    if (it == c.records.end() || it->second.prev_hash != prev->hash) return false;
    prev = &it->second;
  }
  return prev->hash == str_of(p, "head_hash");
}

void check_file(const Checked& c, const ZipContents& zip, const std::string& request_id,
                const json::object& f, VerifyReport& out, std::set<std::string>& seen) {
  const std::string name = str_of(f, "name"), sha = str_of(f, "sha256");
  const std::string path =
      f.contains("path") && f.at("path").is_string() ? std::string(f.at("path").as_string()) : "";
  auto rec = c.records.find(str_of(f, "record"));
  if (rec == c.records.end() || rec->second.redacted ||
      rec->second.kind != requests::kAttachmentAdd ||
      rec->second.object_id != request_id + ":" + sha) {
    out.problems.push_back((path.empty() ? name : path) +
                           ": no verified attachment record for it in the package");
    return;
  }
  const Record& att = rec->second;
  json::object ap = payload_of(att);
  if (str_of(ap, "sha256") != sha || str_of(ap, "filename") != name) {
    out.problems.push_back((path.empty() ? name : path) +
                           ": the manifest differs from the signed attachment record");
    return;
  }
  std::string holds;
  if (path.empty()) {
    holds = " (its bytes are not in this package)";
  } else {
    seen.insert(path);
    if (auto bad = zip.unreadable.find(path); bad != zip.unreadable.end()) {
      out.problems.push_back(path + ": cannot be read from the zip (" + bad->second +
                             "): the file was altered");
      return;
    }
    auto m = zip.members.find(path);
    if (m == zip.members.end()) {
      out.problems.push_back(path + ": missing from the package");
      return;
    }
    const std::string actual = sha256_hex(m->second);
    if (actual != sha) {
      out.problems.push_back(path + ": SHA-256 " + actual + " differs from " + sha +
                             ", the hash in the signed record " + ref(att) +
                             ": the file was altered");
      return;
    }
    holds = "; the bytes in this package are unchanged (SHA-256 matches)";
  }
  out.proven.push_back("'" + name + "' (" + json::serialize(ap.at("size")) + " bytes, SHA-256 " +
                       sha + ") was attached by " + att.origin + " at " + att.created_at +
                       " (record " + ref(att) + ", " + signed_by(c, att.origin) + ")" + holds);
  for (const auto& [key, r] : c.records) {
    if (r.redacted) continue;
    if (r.kind == ledger::kReceipt && r.origin != att.origin && att.addressed_to(r.origin) &&
        receipt_covers(c, r, att)) {
      out.proven.push_back("  " + r.origin + "'s node received it at " +
                           str_of(payload_of(r), "received_at") + " (receipt " + key + ", " +
                           signed_by(c, r.origin) + ")");
    } else if (is_custody(r) && str_of(payload_of(r), "sha256") == sha) {
      json::object cp = payload_of(r);
      out.proven.push_back("  " + r.origin + " recorded '" + str_of(cp, "action") + "'" +
                           (str_of(cp, "actor").empty() ? "" : " by " + str_of(cp, "actor")) +
                           " at " + r.created_at + " (record " + key + ", " +
                           signed_by(c, r.origin) + ")");
    }
  }
}

}  // namespace

Result<VerifyReport> verify_package(const std::string& path) {
  crypto_init();
  LIAISON_ASSIGN_OR_RETURN(ZipContents zip, read_zip(path));
  VerifyReport out;
  for (const char* need : {kManifest, kSignature}) {
    if (zip.unreadable.count(need)) {
      out.problems.push_back(std::string(need) + ": cannot be read (" + zip.unreadable[need] +
                             "): the member was altered");
    } else if (!zip.members.count(need)) {
      out.problems.push_back(std::string(need) + ": missing from the package");
    }
  }
  if (!out.ok()) return out;
  boost::system::error_code ec;
  json::value mv = json::parse(zip.members[kManifest], ec);
  if (ec || !mv.is_object() || str_of(mv.as_object(), "format") != kFormat) {
    out.problems.push_back(std::string(kManifest) + ": not a " + kFormat + " manifest");
    return out;
  }
  const json::object& m = mv.as_object();
  out.request_id = m.contains("request") && m.at("request").is_object()
                       ? str_of(m.at("request").as_object(), "id")
                       : "";
  Checked c;
  if (auto* ps = m.if_contains("parties"); ps && ps->is_array()) {
    for (const auto& pv : ps->as_array()) {
      if (!pv.is_object()) continue;
      auto raw = from_base64(str_of(pv.as_object(), "public_key"));
      if (!raw || raw->size() != crypto_sign_PUBLICKEYBYTES) continue;
      c.keys[str_of(pv.as_object(), "code")] = *raw;
      c.key_prints[str_of(pv.as_object(), "code")] = fingerprint(*raw);
    }
  }
  // The manifest, signed by the exporting party.
  const std::string exporter = m.contains("exported_by") && m.at("exported_by").is_object()
                                   ? str_of(m.at("exported_by").as_object(), "party")
                                   : "";
  std::string sig_b64 = zip.members[kSignature];
  while (!sig_b64.empty() && (sig_b64.back() == '\n' || sig_b64.back() == '\r')) sig_b64.pop_back();
  auto sig = from_base64(sig_b64);
  const std::string& text = zip.members[kManifest];
  if (!c.keys.count(exporter) || !sig || sig->size() != crypto_sign_BYTES ||
      crypto_sign_verify_detached(
          reinterpret_cast<const unsigned char*>(sig->data()),
          reinterpret_cast<const unsigned char*>(text.data()), text.size(),
          reinterpret_cast<const unsigned char*>(c.keys[exporter].data())) != 0) {
    out.problems.push_back(std::string(kManifest) + ": its signature does not verify with " +
                           exporter + "'s key: the manifest was changed after export");
    return out;
  }
  out.proven.push_back("The manifest was exported by " + exporter + " at " +
                       str_of(m, "exported_at") + " and is unchanged (" + signed_by(c, exporter) +
                       ")");
  // Every record: hash and signature by its origin.
  if (auto* rs = m.if_contains("records"); rs && rs->is_array()) {
    for (const auto& rv : rs->as_array()) {
      if (!rv.is_object()) continue;
      const json::object& e = rv.as_object();
      auto r = ledger::record_from_body(str_of(e, "body"));
      if (!r.is_ok()) {
        out.problems.push_back(std::string(kManifest) + ": record " + str_of(e, "ref") +
                               " cannot be read: " + r.status().message());
        continue;
      }
      r->hash = str_of(e, "hash");
      r->signature = str_of(e, "signature");
      auto key = c.keys.find(r->origin);
      Status st = key == c.keys.end()
                      ? Status(StatusCode::kInvalidArgument, "no key for " + r->origin)
                      : ledger::verify_record(*r, key->second);
      if (!st.is_ok()) {
        out.problems.push_back(std::string(kManifest) + ": record " + ref(*r) +
                               " does not verify: " + st.message());
        continue;
      }
      c.records.emplace(ref(*r), std::move(*r));
    }
  }
  std::set<std::string> seen;
  if (auto* fs_ = m.if_contains("files"); fs_ && fs_->is_array()) {
    for (const auto& fv : fs_->as_array()) {
      if (fv.is_object()) check_file(c, zip, out.request_id, fv.as_object(), out, seen);
    }
  }
  for (const auto& [name, why] : zip.unreadable) {
    if (!seen.count(name)) out.problems.push_back(name + ": cannot be read (" + why + ")");
  }
  for (const auto& [name, data] : zip.members) {
    if (name != kManifest && name != kSignature && name != kCover && !seen.count(name)) {
      out.problems.push_back(name + ": not in the manifest (added after export)");
    }
  }
  return out;
}

}  // namespace liaison::evidence
