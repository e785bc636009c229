#include "node/tls_cert.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <memory>

#include "common/crypto.h"

namespace liaison::node {

namespace {
struct FileCloser {
  void operator()(FILE* f) const {
    if (f) std::fclose(f);
  }
};
}  // namespace

Status generate_self_signed(const std::string& common_name,
                            const std::vector<std::string>& dns_names,
                            const std::vector<std::string>& ip_addresses,
                            const std::string& cert_path, const std::string& key_path) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(EVP_EC_gen("P-256"), &EVP_PKEY_free);
  if (!pkey) return internal_error("cannot generate a TLS key");
  std::unique_ptr<X509, decltype(&X509_free)> x(X509_new(), &X509_free);
  X509_set_version(x.get(), 2);
  std::string serial = random_bytes(16);
  serial[0] = static_cast<char>(serial[0] & 0x7f);
  BIGNUM* bn = BN_bin2bn(reinterpret_cast<const unsigned char*>(serial.data()), 16, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(x.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x.get()), 60L * 60 * 24 * 365 * 5);
  X509_set_pubkey(x.get(), pkey.get());
  X509_NAME* name = X509_get_subject_name(x.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("liaison"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(x.get(), name);
  std::string san;
  for (const auto& d : dns_names) san += (san.empty() ? "" : ",") + std::string("DNS:") + d;
  for (const auto& ip : ip_addresses) san += (san.empty() ? "" : ",") + std::string("IP:") + ip;
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, x.get(), x.get(), nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair<int, std::string>{NID_subject_alt_name, san},
                            {NID_basic_constraints, "critical,CA:FALSE"},
                            {NID_key_usage, "critical,digitalSignature"},
                            {NID_ext_key_usage, "serverAuth,clientAuth"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (!ext) return internal_error("cannot build certificate extension");
    X509_add_ext(x.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (!X509_sign(x.get(), pkey.get(), EVP_sha256())) return internal_error("cannot sign cert");

  std::unique_ptr<FILE, FileCloser> kf(std::fopen(key_path.c_str(), "wb"));
  if (!kf) return internal_error("cannot write " + key_path);
  chmod(key_path.c_str(), 0600);
  if (!PEM_write_PrivateKey(kf.get(), pkey.get(), nullptr, nullptr, 0, nullptr, nullptr)) {
    return internal_error("cannot write the TLS key");
  }
  std::unique_ptr<FILE, FileCloser> cf(std::fopen(cert_path.c_str(), "wb"));
  if (!cf || !PEM_write_X509(cf.get(), x.get())) return internal_error("cannot write " + cert_path);
  return Status::ok();
}

Result<std::string> certificate_fingerprint(const std::string& cert_path) {
  std::unique_ptr<FILE, FileCloser> f(std::fopen(cert_path.c_str(), "rb"));
  if (!f) return not_found("no certificate at " + cert_path);
  std::unique_ptr<X509, decltype(&X509_free)> x(PEM_read_X509(f.get(), nullptr, nullptr, nullptr),
                                                &X509_free);
  if (!x) return invalid_argument("not a PEM certificate: " + cert_path);
  return certificate_fingerprint(x.get());
}

std::string certificate_fingerprint(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!cert || !X509_digest(cert, EVP_sha256(), md, &n)) return {};
  return to_hex(md, n);
}

}  // namespace liaison::node
