// A peer's identity as `liaison identity --json` prints it, pasted into the console:
// {"party","url","key","tls_fingerprint"}. Parsed here only to fill the form and name what is
// missing; the server checks it all again (and refuses this node's own key and certificate).
export interface PeerIdentity {
  party: string;
  url: string;
  key: string;
  tls_fingerprint: string;
}

export type IdentityResult = { ok: true; identity: PeerIdentity } | { ok: false; error: 'json' | 'missing'; fields: string[] };

const FIELDS = ['party', 'url', 'key', 'tls_fingerprint'] as const;

/** The last JSON object in `text` (the CLI may print log lines before it). */
export function parseIdentity(text: string): IdentityResult {
  const start = text.lastIndexOf('{"') >= 0 ? text.lastIndexOf('{"') : text.indexOf('{');
  let parsed: unknown;
  try {
    parsed = JSON.parse(start >= 0 ? text.slice(start) : text);
  } catch {
    return { ok: false, error: 'json', fields: [] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, error: 'json', fields: [] };
  const o = parsed as Record<string, unknown>;
  const missing = FIELDS.filter((f) => typeof o[f] !== 'string' || !(o[f] as string).trim());
  if (missing.length) return { ok: false, error: 'missing', fields: missing };
  return {
    ok: true,
    identity: {
      party: (o.party as string).trim(),
      url: (o.url as string).trim(),
      key: (o.key as string).trim(),
      tls_fingerprint: (o.tls_fingerprint as string).trim(),
    },
  };
}
