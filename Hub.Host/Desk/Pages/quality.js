// The admin's data-quality page (issue 23 item 6): the report's metrics rated green/yellow/red, the probable duplicate
// customers with their evidence, and the phone numbers and e-mail addresses that are not valid. Read only: merging is
// done in the source systems. Loaded before desk.js, whose globals (api, el, show, t, language) it uses when called.
"use strict";

const QUALITY_TEXT = {
  en: {
    quality: "Data quality", backToAdmin: "← Back to administration", rating: "Rating", metric: "Metric", value: "Value", detail: "Detail",
    duplicates: "Probable duplicate customers ({0})", keep: "Keep", fold: "Fold into it", score: "Score", evidence: "Evidence",
    notes: "Notes to keep", noDuplicates: "No probable duplicates.", invalidValues: "Invalid phone numbers and e-mail addresses ({0})",
    field: "Field", problem: "Problem", noInvalid: "No invalid values.", shown: "The first {0} are listed; hub customers duplicates lists all.",
    nothingMerged: "Nothing is merged here: correct or merge the records in the source system, and the next import brings the change.",
  },
  "zh-CN": {
    quality: "数据质量", backToAdmin: "← 返回系统管理", rating: "评级", metric: "指标", value: "数值", detail: "说明",
    duplicates: "疑似重复客户（{0}）", keep: "保留", fold: "并入", score: "得分", evidence: "依据",
    notes: "需保留的备注", noDuplicates: "没有疑似重复客户。", invalidValues: "无效的电话和邮箱（{0}）",
    field: "字段", problem: "问题", noInvalid: "没有无效值。", shown: "只列出前 {0} 条；hub customers duplicates 列出全部。",
    nothingMerged: "这里不做合并：请在源系统中更正或合并记录，下次导入即会同步。",
  },
};

const tq = (key, ...args) => String(QUALITY_TEXT[language][key] ?? key).replace(/\{(\d)\}/g, (_, i) => args[Number(i)]);

const RATING_CLASS = { Green: "on-track", Yellow: "at-risk", Red: "breached" };

function qualityTable(id, headers, rows) {
  return el("table", { id }, el("thead", null, el("tr", null, ...headers.map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", null, ...rows.map((cells) => el("tr", null, ...cells.map((c) => el("td", null, c))))));
}

async function showQuality() {
  const response = await api("/api/desk/admin/quality");
  const back = el("p", null, el("a", { href: "#/admin", text: tq("backToAdmin") }));
  if (!response.ok) {
    show(el("section", { class: "card" }, back, el("h1", { text: tq("quality") }), el("p", { class: "error", text: t("failed", response.status) })));
    return;
  }
  const report = await response.json();
  const value = (m) => m.isShare ? `${(m.value * 100).toFixed(1)}\u00a0%` : String(m.value);
  const more = (count, listed) => count > listed ? el("p", { class: "muted", text: tq("shown", listed) }) : null;
  show(
    el("section", { class: "card" }, back, el("h1", { text: tq("quality") }), el("p", { class: "muted", text: tq("nothingMerged") }),
      qualityTable("quality-metrics", [tq("rating"), tq("metric"), tq("value"), tq("detail")], report.metrics.map((m) => [
        el("span", { class: RATING_CLASS[m.rating] || "", text: m.rating }), m.name, value(m), m.detail]))),
    el("section", { class: "card", id: "quality-duplicates" }, el("h2", { text: tq("duplicates", report.duplicateCount) }),
      report.duplicates.length
        ? qualityTable("duplicates-table", [tq("score"), tq("keep"), tq("fold"), tq("evidence"), tq("notes")], report.duplicates.map((d) => [
          d.score.toFixed(2), `${d.keepCode} ${d.keepName}`, `${d.duplicateCode} ${d.duplicateName}`,
          el("ul", null, ...d.reasons.map((r) => el("li", { text: r }))), d.notes.join(" · ")]))
        : el("p", { class: "muted", text: tq("noDuplicates") }),
      more(report.duplicateCount, report.duplicates.length)),
    el("section", { class: "card", id: "quality-invalid" }, el("h2", { text: tq("invalidValues", report.invalidCount) }),
      report.invalid.length
        ? qualityTable("invalid-table", [t("customer"), tq("field"), tq("value"), tq("problem")], report.invalid.map((v) => [
          `${v.code} ${v.name}`, v.field, v.value, v.problem]))
        : el("p", { class: "muted", text: tq("noInvalid") }),
      more(report.invalidCount, report.invalid.length)));
}
