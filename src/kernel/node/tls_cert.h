// Self-signed TLS certificate generation for `liaison init` (ECDSA P-256, 5 years), with
// subjectAltNames for every name and address the node serves.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

struct x509_st;

namespace liaison::node {

Status generate_self_signed(const std::string& common_name,
                            const std::vector<std::string>& dns_names,
                            const std::vector<std::string>& ip_addresses,
                            const std::string& cert_path, const std::string& key_path);

// SHA-256 fingerprint (lower-case hex) of the DER certificate in a PEM file.
Result<std::string> certificate_fingerprint(const std::string& cert_path);
// The same fingerprint of a parsed certificate ("" for null): what peers pin.
std::string certificate_fingerprint(x509_st* cert);

}  // namespace liaison::node
