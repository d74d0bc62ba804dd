// Shared by the portal and the desk pages: building DOM nodes (text only ever through textContent, so data never
// becomes markup), the page's frame, and the polite status line that screen readers announce.
"use strict";

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

let sayTimer = null;
function say(message) {
  const status = document.getElementById("status");
  status.textContent = message;
  clearTimeout(sayTimer);
  sayTimer = setTimeout(() => { status.textContent = ""; }, 6000);
}

// The frame around the content: language, title, the header's texts and who is signed in (null: nobody).
function setChrome(t, language, who) {
  document.documentElement.lang = language;
  document.title = t("brand");
  const switcher = document.getElementById("language");
  switcher.textContent = t("switchTo");
  switcher.setAttribute("aria-label", `${t("languageName")} → ${t("switchTo")}`);
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  const whoNode = document.getElementById("who");
  whoNode.hidden = !who;
  whoNode.textContent = who || "";
  document.getElementById("sign-out").hidden = !who;
}

// Replaces the page's content and moves focus to its heading, so that a screen reader announces the new page.
function showMain(...nodes) {
  const main = document.getElementById("main");
  document.getElementById("status").textContent = "";
  main.replaceChildren(...nodes);
  const heading = main.querySelector("h1");
  if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
}
