// A ticket a customer reported (code customer:<category>, issue 24 item 1): the customer's words and photos, under the
// ticket's page. Photos are served by the hub from its data folder, with the type it sniffed, to desk users only.
"use strict";

async function customerReports(ticketNo) {
  const response = await api(`/api/desk/tickets/${encodeURIComponent(ticketNo)}/requests`);
  if (!response.ok) return null;
  const reports = await response.json();
  if (reports.length === 0) return null;
  const zh = document.documentElement.lang === "zh-CN";
  return el("section", { class: "card customer-reports" },
    el("h2", { text: zh ? "客户报修" : "Reported by the customer" }),
    ...reports.map((r) => el("article", { class: "customer-report" },
      el("p", { class: "muted", text: `${new Date(r.createdAt).toLocaleString()} · ${r.channel} · ${r.category}` }),
      el("p", { class: "report-text", text: r.text }),
      ...r.photos.map((p) => el("a", { href: p.url, target: "_blank", rel: "noopener" },
        el("img", { src: p.url, alt: zh ? "客户照片" : "Customer's photo", width: "160", loading: "lazy" }))))));
}
