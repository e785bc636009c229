// The Reports area's calls (docs/API.md, "Assessments and reports"): live figures of a period,
// published reports and their attestation, assessments of ended requests, lead outcomes, and
// the URLs of the downloads. Types are the served OpenAPI document's (generated).
import { api, buildQuery } from '@/shared/api/client';
import type { components } from '@/shared/api/generated/openapi';

type Schemas = components['schemas'];
export type Report = Schemas['Report'];
export type ReportList = Schemas['ReportList'];
export type ReportFigures = Schemas['ReportFigures'];
export type ReportCheck = Schemas['ReportCheck'];
export type PendingAssessment = Schemas['PendingAssessment'];
export type PendingAssessmentList = Schemas['PendingAssessmentList'];
export type AssessmentInput = Schemas['AssessmentInput'];
export type Assessment = Schemas['Assessment'];
export type LeadOutcomeInput = Schemas['LeadOutcomeInput'];
export type LeadOutcome = Schemas['LeadOutcome'];
export type Lead = Schemas['Lead'];
export type LeadPage = Schemas['LeadPage'];
export type ReportState = Report['state'];

/** What a report can be downloaded as (GET /reports/{id}?format=…, /report-figures?format=…). */
export const DOWNLOAD_FORMATS = ['pdf', 'xlsx', 'csv', 'json'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];
/** The languages of a document's labels. */
export const DOC_LANGS = ['both', 'zh-CN', 'en'] as const;
export type DocLang = (typeof DOC_LANGS)[number];

const BASE = '/api/v1';

/** A published report's file. */
export function reportFileUrl(id: string, format: DownloadFormat, lang: DocLang): string {
  return `${BASE}/reports/${encodeURIComponent(id)}${buildQuery({ format, lang: format === 'json' ? undefined : lang })}`;
}

/** A period's figures as this node holds them now (unpublished). */
export function figuresFileUrl(from: string, to: string, format: DownloadFormat, lang: DocLang): string {
  return `${BASE}/report-figures${buildQuery({ from, to, format, lang: format === 'json' ? undefined : lang })}`;
}

export const reportsApi = {
  figures(from: string, to: string): Promise<ReportFigures> {
    return api.call('GET', '/report-figures', { query: { from, to } });
  },
  list(): Promise<ReportList> {
    return api.call('GET', '/reports');
  },
  get(id: string): Promise<Report> {
    return api.call('GET', `/reports/${encodeURIComponent(id)}`);
  },
  publish(from: string, to: string): Promise<Report> {
    return api.call('POST', '/reports', { json: { from, to } });
  },
  /** Recompute another party's report here and sign the answer: countersign or dissent. */
  attest(id: string): Promise<Report> {
    return api.call('POST', `/reports/${encodeURIComponent(id)}/countersign`);
  },
  check(id: string): Promise<ReportCheck> {
    return api.call('GET', `/reports/${encodeURIComponent(id)}/check`);
  },
  pending(): Promise<PendingAssessmentList> {
    return api.call('GET', '/assessments/pending');
  },
  assess(requestId: string, input: AssessmentInput): Promise<Assessment> {
    return api.call('POST', `/requests/${encodeURIComponent(requestId)}/assessments`, { json: input });
  },
  /** Leads (lead_sharing requests) the other party sent this one, each with its outcome due. */
  leads(): Promise<LeadPage> {
    return api.call('GET', '/leads', { query: { direction: 'incoming', per_page: 100 } });
  },
  leadOutcome(requestId: string): Promise<LeadOutcome> {
    return api.call('GET', `/requests/${encodeURIComponent(requestId)}/lead-outcome`);
  },
  recordLeadOutcome(requestId: string, input: LeadOutcomeInput): Promise<LeadOutcome> {
    return api.call('POST', `/requests/${encodeURIComponent(requestId)}/lead-outcome`, { json: input });
  },
};
