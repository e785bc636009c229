// The one table of zh/en labels of the report outputs (reports/tables.h). A key that is not
// here is shown as itself, so a figure added to the figures still renders, unlabelled.
// The console's labels (web/src/locales, "reports.fig.*") carry the same words.
#include <string>
#include <string_view>

#include "reports/tables.h"

namespace liaison::reports {

namespace {

struct Label {
  std::string_view key, zh, en;
};

constexpr Label kLabels[] = {
    // sections
    {"requests", "请求", "Requests"},
    {"timeliness", "时效", "Timeliness"},
    {"open_overdue", "逾期未结", "Open and overdue"},
    {"quality", "质量", "Quality"},
    {"leads", "线索", "Leads"},
    {"sharing", "网络保护信息共享", "Network-protection sharing"},
    {"reciprocity", "互惠", "Reciprocity"},
    {"priority_cases", "重点案件", "Priority cases"},
    {"leaders_summary", "领导摘要", "Leaders' summary"},
    {"summary", "摘要", "Summary"},
    {"hotline", "热线", "Hotline"},
    {"priority_areas", "重点领域", "Priority areas"},
    {"by_priority_area", "按重点领域", "by priority area"},
    // requests
    {"submitted", "已提交", "Submitted"},
    {"answered", "已答复", "Answered"},
    {"ended", "已结束", "Ended"},
    {"open", "未结", "Open"},
    {"sent", "发出", "Sent"},
    // clocks and their statistics
    {"acknowledge", "确认收到", "Acknowledge"},
    {"preserve", "数据保全", "Preserve"},
    {"first_reply", "首次实质答复", "First substantive reply"},
    {"fulfil", "完成", "Fulfil"},
    {"count", "数量", "Count"},
    {"mean_seconds", "平均用时", "Mean time"},
    {"median_seconds", "中位用时", "Median time"},
    {"p90_seconds", "90分位用时", "90th percentile time"},
    {"within_deadline", "期限内", "Within deadline"},
    {"share_within_deadline", "期限内比例", "Share within deadline"},
    {"overdue_open", "逾期未结", "Open and overdue"},
    {"by_type", "按类型", "by type"},
    {"by_priority", "按优先级", "by priority"},
    {"over_30_days", "超过30天", "Over 30 days"},
    {"over_60_days", "超过60天", "Over 60 days"},
    {"over_90_days", "超过90天", "Over 90 days"},
    // quality
    {"sent_back_for_information", "退回补充信息", "Sent back for more information"},
    {"share_sent_back", "退回比例", "Share sent back"},
    {"outcomes", "结果", "Outcomes"},
    {"refusal_grounds", "拒绝理由", "Refusal grounds"},
    {"response_assessments", "答复质量评估", "Assessments of responses"},
    {"request_assessments", "请求质量评估", "Assessments of requests"},
    {"completeness", "数据完整性", "Completeness"},
    {"usability", "证据可用性", "Usability as evidence"},
    {"responsiveness", "沟通及时性", "Responsiveness"},
    {"completeness_clarity", "完整清晰", "Completeness and clarity"},
    {"legal_basis", "法律依据", "Legal basis"},
    {"identifiers", "标识符可用性", "Identifiers usable"},
    // request states
    {"draft", "草稿", "Draft"},
    {"acknowledged", "已确认", "Acknowledged"},
    {"in_progress", "办理中", "In progress"},
    {"needs_info", "需补充信息", "Needs information"},
    {"fulfilled", "已完成", "Fulfilled"},
    {"partially_fulfilled", "部分完成", "Partly fulfilled"},
    {"refused", "已拒绝", "Refused"},
    {"withdrawn", "已撤回", "Withdrawn"},
    {"closed", "已关闭", "Closed"},
    // leads
    {"with_outcome", "已记录结果", "With outcome"},
    {"without_outcome", "未记录结果", "Without outcome"},
    {"opened_case", "已立案", "Opened a case"},
    {"merged_priority_case", "并入重点案件", "Merged into a priority case"},
    {"passed_to_authority", "移交其他机关", "Passed to another authority"},
    {"no_action", "未采取行动", "No action"},
    // sharing
    {"indicator_sets", "指标集", "Indicator sets"},
    {"indicators_added", "新增指标", "Indicators added"},
    {"sets_sighted", "被发现的指标集", "Sets sighted"},
    {"share_sighted", "发现比例", "Share sighted"},
    {"sightings", "发现次数", "Sightings"},
    {"with_feedback", "有反馈", "With feedback"},
    {"false_positives", "误报", "False positives"},
    {"false_positive_rate", "误报率", "False-positive rate"},
    {"feedback_latency", "反馈用时", "Feedback latency"},
    // priority areas
    {"hacking", "黑客攻击", "Hacking"},
    {"online_fraud", "网络诈骗", "Online fraud"},
    {"csam", "儿童性虐待材料", "Child sexual abuse material"},
    {"child_sexual_abuse_material", "儿童性虐待材料", "Child sexual abuse material"},
    {"darknet_drugs_firearms", "暗网毒品与枪支", "Darknet drugs and firearms"},
    {"ip_theft", "商业窃密", "IP theft for commercial advantage"},
    {"terrorist_use", "恐怖分子利用技术", "Terrorist use of technology"},
    {"critical_infrastructure", "关键基础设施事件", "Critical-infrastructure incident"},
    // priorities and common fields
    {"urgent", "紧急", "Urgent"},
    {"high", "高", "High"},
    {"normal", "普通", "Normal"},
    {"low", "低", "Low"},
    {"title", "标题", "Title"},
    {"area", "领域", "Area"},
    {"priority_area", "重点领域", "Priority area"},
    {"latest_status", "最新状态", "Latest status"},
    {"active", "进行中", "Active"},
    {"proposed", "已提议", "Proposed"},
    {"accepted", "已接受", "Accepted"},
    {"state", "状态", "State"},
    {"status", "状态", "Status"},
    {"value", "数值", "Value"},
    {"previous", "上期", "Previous period"},
    {"change", "变化", "Change"},
    {"figure", "指标", "Figure"},
    {"overdue", "逾期", "Overdue"},
    {"drills", "演练", "Drills"},
    {"passed", "通过", "Passed"},
};

struct Phrase {
  std::string_view id, zh, en;
};

constexpr Phrase kPhrases[] = {
    {"title", "案件状况报告", "Case status report"},
    {"subtitle", "双边执法合作", "Bilateral law-enforcement cooperation"},
    {"period", "报告期", "Period"},
    {"parties", "双方", "Parties"},
    {"attestation", "认证", "Attestation"},
    {"jointly_attested", "双方共同认证", "Jointly attested"},
    {"published", "待对方会签", "Awaiting countersign"},
    {"disputed", "对方有异议", "Dissent"},
    {"not_published", "未发布（仅计算）", "Not published (computed only)"},
    {"report_id", "报告编号", "Report"},
    {"figures_sha256", "数据SHA-256", "Figures SHA-256"},
    {"publisher", "发布方", "Publisher"},
    {"countersign", "会签方", "Countersigned by"},
    {"dissent", "异议方", "Dissent by"},
    {"key_fingerprint", "密钥指纹", "Key fingerprint"},
    {"differences", "有异议的指标", "Differing figures"},
    {"published_value", "发布值", "Published"},
    {"recomputed_value", "重算值", "Recomputed"},
    {"page", "页", "Page"},
    {"figure", "指标", "Figure"},
    {"no_data", "暂无数据", "No data yet"},
    {"chart_shares", "比例", "Shares"},
    {"chart_median", "中位用时", "Median time"},
    {"chart_counts", "数量", "Counts"},
    {"generated_note", "数据由双方持有的签名记录计算，任何一方均可逐字节复算。",
     "Figures are computed from the signed records both parties hold; either side can "
     "recompute them byte for byte."},
};

template <typename T>
const T* find(const T* begin, const T* end, std::string_view key) {
  for (const T* p = begin; p != end; ++p) {
    if constexpr (requires { p->key; }) {
      if (p->key == key) return p;
    } else {
      if (p->id == key) return p;
    }
  }
  return nullptr;
}

std::string both(std::string_view zh, std::string_view en, Lang lang) {
  switch (lang) {
    case Lang::kZh:
      return std::string(zh);
    case Lang::kEn:
      return std::string(en);
    case Lang::kBoth:
      break;
  }
  if (zh == en) return std::string(en);
  return std::string(zh) + " / " + std::string(en);
}

}  // namespace

std::string label(std::string_view key, Lang lang) {
  const Label* l = find(std::begin(kLabels), std::end(kLabels), key);
  if (!l) return std::string(key);
  return both(l->zh, l->en, lang);
}

std::string label_zh(std::string_view key) { return label(key, Lang::kZh); }
std::string label_en(std::string_view key) { return label(key, Lang::kEn); }

std::string row_label(const std::vector<std::string>& key, Lang lang) {
  if (lang == Lang::kBoth) {
    // "中文 · 中文 / English · English": each language's words kept together.
    std::string zh = row_label(key, Lang::kZh), en = row_label(key, Lang::kEn);
    return zh == en ? en : zh + " / " + en;
  }
  std::string out;
  for (const auto& k : key) {
    if (!out.empty()) out += " · ";
    out += label(k, lang);
  }
  return out;
}

std::string column_label(const std::string& column, Lang lang) {
  auto arrow = column.find("->");
  if (arrow != std::string::npos) {
    return column.substr(0, arrow) + " → " + column.substr(arrow + 2);
  }
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t dot; (dot = column.find('.', start)) != std::string::npos; start = dot + 1) {
    parts.push_back(column.substr(start, dot - start));
  }
  parts.push_back(column.substr(start));
  return row_label(parts, lang);
}

std::string phrase(std::string_view id, Lang lang) {
  const Phrase* p = find(std::begin(kPhrases), std::end(kPhrases), id);
  if (!p) return std::string(id);
  return both(p->zh, p->en, lang);
}

}  // namespace liaison::reports
