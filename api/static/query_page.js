// The query page's script (api/query_page.py): runs the editor's query on the endpoint with
// fetch and shows the answer. Whatever comes from the server or the data is put in the page
// with textContent or as DOM nodes, never parsed as HTML; only http(s) IRIs become links.
"use strict";
(() => {
  const ID_ROOT = document.body.dataset.idRoot;  // the graph's namespace and its pages (api/query_page.py)
  const LOCAL_ID = document.body.dataset.base + "/id/";
  const form = document.getElementById("query-form");
  const editor = document.getElementById("query");
  const format = document.getElementById("format");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const permalink = document.getElementById("permalink");
  // "json" is shown as a table; CONSTRUCT and DESCRIBE answers then come back as Turtle.
  const TABLE_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";

  function node(tag, text, className) {
    const el = document.createElement(tag);
    if (text !== undefined) el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  function term(t) {
    const cell = node("span");
    if (!t) return cell;
    if (t.type === "uri" && /^https?:\/\//i.test(t.value)) {
      const a = node("a", t.value);
      // the graph's own IRIs open this service's page of the node, as everywhere else on the site
      a.href = t.value.startsWith(ID_ROOT) ? LOCAL_ID + t.value.slice(ID_ROOT.length) : t.value;
      a.rel = "noopener noreferrer";
      cell.append(a);
      return cell;
    }
    cell.append(node("span", t.type === "bnode" ? "_:" + t.value : t.value));
    if (t["xml:lang"]) cell.append(node("span", "@" + t["xml:lang"], "tag"));
    else if (t.datatype) cell.append(node("span", "^^" + t.datatype.replace(/^.*[#/]/, ""), "tag"));
    return cell;
  }

  function table(vars, bindings) {
    const t = node("table");
    const head = t.createTHead().insertRow();
    for (const v of vars) head.append(node("th", v));
    const body = t.createTBody();
    for (const b of bindings) {
      const row = body.insertRow();
      for (const v of vars) row.insertCell().append(term(b[v]));
    }
    return t;
  }

  function show(response, type, text, millis) {
    if (type === "application/problem+json") {
      let problem = {};
      try { problem = JSON.parse(text); } catch (e) { problem = { title: text }; }
      say(response.status + " " + (problem.title || "") + (problem.detail ? ": " + problem.detail : ""), true);
      return;
    }
    if (!response.ok) {
      say(response.status + " " + text, true);
      return;
    }
    const cut = response.headers.get("SPARQL-Results-Truncated") === "true"
      ? " The answer was cut at " + response.headers.get("SPARQL-Results-Limit")
        + " rows, the limit of this endpoint: add LIMIT and OFFSET to read the rest a page at a time." : "";
    if (type === "application/sparql-results+json") {
      const data = JSON.parse(text);
      if ("boolean" in data) {
        results.append(node("p", "Answer: " + data.boolean));
        say("Done in " + millis + " ms.");
        return;
      }
      const rows = data.results.bindings;
      results.append(table(data.head.vars, rows));
      say(rows.length + " row" + (rows.length === 1 ? "" : "s") + " in " + millis + " ms." + cut);
      return;
    }
    results.append(node("pre", text));
    say(type + ", " + millis + " ms." + cut);
  }

  async function run(event) {
    event.preventDefault();
    const params = new URLSearchParams({ query: editor.value });
    const chosen = format.value;
    if (chosen !== "json") params.set("format", chosen);
    const link = new URLSearchParams({ query: editor.value, format: chosen });
    permalink.href = form.action + "?" + link.toString();
    permalink.hidden = false;
    results.replaceChildren();
    say("Running…");
    const started = performance.now();
    let response, text;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: params,
        headers: { Accept: chosen === "json" ? TABLE_ACCEPT : "*/*" },
      });
      text = await response.text();
    } catch (err) {
      say("The service did not answer: " + err, true);
      return;
    }
    const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
    show(response, type, text, Math.round(performance.now() - started));
  }

  form.addEventListener("submit", run);
  editor.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) form.requestSubmit();
  });
  for (const button of document.querySelectorAll("button.example")) {
    button.addEventListener("click", () => {
      editor.value = button.dataset.query;
      editor.focus();
      say("Loaded: " + button.textContent + " Press Run (or Ctrl+Enter).");
    });
  }
})();
