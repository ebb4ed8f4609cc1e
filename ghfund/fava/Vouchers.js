// 记账凭证: the voucher form of ghfund's Fava page (keyboard first). The server checks
// everything again (ghfund/voucher.py); this script only helps typing and shows totals.
const KEY_PREPARER = "ghfund-preparer";
const KEY_DATE = "ghfund-last-date";
const KEY_NEW = "ghfund-save-new";

function cents(text) {
  // "1,000.00", full-width digits, "1000元", "￥1000" -> integer cents, or null
  let t = (text || "").normalize("NFKC").replace(/[,\s]/g, "").replace(/元$/, "").replace(/^[¥￥]/, "");
  if (!t) return 0;
  if (!/^[-+]?(\d+(\.\d{0,2})?|\.\d{1,2})$/.test(t)) return null;
  const [whole, part = ""] = t.replace(/^[+-]/, "").split(".");
  const value = Number(whole || "0") * 100 + Number((part + "00").slice(0, 2));
  return t.startsWith("-") ? -value : value;
}
const money = (c) => {
  const sign = c < 0 ? "-" : "";
  const a = Math.abs(c);
  return sign + Math.floor(a / 100).toLocaleString("en-US") + "." + String(a % 100).padStart(2, "0");
};

function element(tag, attrs = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

export default {
  onExtensionPageLoad() {
    const root = document.getElementById("ghfund-vouchers");
    const data = JSON.parse(document.getElementById("ghfund-voucher-data").textContent);
    const base = data.base;
    const $ = (id) => document.getElementById(id);
    const message = (lines, kind = "problem") => {
      const box = $("v-message");
      if (!box) return;
      box.innerHTML = "";
      if (!lines.length) return;
      box.append(element("ul", { class: kind }, lines.map((l) => element("li", { text: l }))));
    };
    const getJSON = async (url) => {
      const r = await fetch(url);
      return [r.status, await r.json()];
    };
    const postJSON = async (endpoint, body) => {
      const r = await fetch(base + endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      let answer = {};
      try { answer = await r.json(); } catch { answer = { errors: [`保存失败（HTTP ${r.status}）`] }; }
      return [r.status, answer];
    };
    const who = () => ($("v-preparer") ? $("v-preparer").value.trim() : "") || data.user || localStorage.getItem(KEY_PREPARER) || "";

    // --- the list: review and void ------------------------------------------------------
    for (const button of root.querySelectorAll("button.v-review")) {
      button.addEventListener("click", async () => {
        let reviewer = data.user || window.prompt("审核人姓名", localStorage.getItem(KEY_PREPARER) || "");
        if (!reviewer) return;
        const [status, answer] = await postJSON("review", { voucher: button.dataset.voucher, reviewer });
        if (status === 200) window.location.reload();
        else window.alert((answer.errors || []).join("\n"));
      });
    }
    for (const button of root.querySelectorAll("button.v-void")) {
      button.addEventListener("click", async () => {
        const reason = window.prompt(`作废凭证 ${button.dataset.voucher} 的原因（凭证号保留，不删除）`);
        if (!reason) return;
        const [status, answer] = await postJSON("void", { voucher: button.dataset.voucher, reason });
        if (status === 200) window.location.reload();
        else window.alert((answer.errors || []).join("\n"));
      });
    }
    root.dataset.ready = "list"; // the list's buttons answer from here on (tests wait for it)
    const form = $("v-form");
    if (!form) return; // read-only Fava: the list only

    // --- the header ---------------------------------------------------------------------
    const date = $("v-date"), voucher = $("v-voucher"), preparer = $("v-preparer");
    let voucherTyped = false;
    voucher.addEventListener("input", () => { voucherTyped = true; });
    if (!data.user && preparer) {
      preparer.value = localStorage.getItem(KEY_PREPARER) || "";
      preparer.addEventListener("change", () => localStorage.setItem(KEY_PREPARER, preparer.value.trim()));
    }
    const checkDate = async () => {
      const [status, answer] = await getJSON(`${base}next?date=${encodeURIComponent(date.value.trim())}`);
      if (status === 200) {
        if (date.classList.contains("invalid")) message([]);
        date.classList.remove("invalid");
        if (!voucherTyped) voucher.value = answer.voucher;
        localStorage.setItem(KEY_DATE, date.value.trim());
      } else {
        date.classList.add("invalid");
        message(answer.errors || []);
      }
    };
    date.addEventListener("change", checkDate);
    const remembered = localStorage.getItem(KEY_DATE);
    if (remembered && remembered !== date.value) { date.value = remembered; checkDate(); }

    // --- the lines ----------------------------------------------------------------------
    const body = $("v-lines");
    const rows = () => [...body.querySelectorAll("tr.v-line")];
    let capitalsTimer = null;
    const totals = () => {
      let debit = 0, credit = 0, bad = false;
      for (const row of rows()) {
        const d = cents(row.querySelector(".v-debit").value), c = cents(row.querySelector(".v-credit").value);
        row.querySelector(".v-debit").classList.toggle("invalid", d === null);
        row.querySelector(".v-credit").classList.toggle("invalid", c === null);
        if (d === null || c === null) { bad = true; continue; }
        debit += d; credit += c;
      }
      $("v-debit-total").textContent = money(debit);
      $("v-credit-total").textContent = money(credit);
      $("v-total").classList.toggle("unequal", debit !== credit || bad);
      clearTimeout(capitalsTimer);
      capitalsTimer = setTimeout(async () => {
        const [status, answer] = await getJSON(`${base}capitals?amount=${debit / 100}`);
        $("v-capitals").textContent = status === 200 ? `人民币（大写）${answer.capitals}` : "";
      }, 150);
      voucherMeta();
      return { debit, credit, balanced: debit === credit && !bad && debit !== 0 };
    };

    const metaFields = (row) => {
      // the fields a line's account needs, in a row under it
      const account = row.querySelector(".v-account").dataset.account || "";
      const code = (row.querySelector(".v-account").value.match(/^\d+/) || [""])[0];
      const debit = cents(row.querySelector(".v-debit").value) > 0;
      const groups = [];
      const narration = $("v-narration").value + row.querySelector(".v-summary").value;
      if (debit && (code.startsWith("50105") || code.startsWith("503") || (account.startsWith("Expenses:") && narration.includes("慰问")))) {
        groups.push(["慰问", [["event", "事由"], ["headcount", "人数"], ["form", "形式"]]]);
      }
      if (debit && code.startsWith("162")) {
        groups.push(["资产卡片", [["asset", "名称"], ["category", "类别"], ["life", "年限"], ["tag", "编号"], ["location", "存放地点"], ["keeper", "保管人"]]]);
      }
      if (data.fund_accounts.includes(account)) groups.push(["", [["fund", "专项资金"]]]);
      let meta = row.nextElementSibling && row.nextElementSibling.classList.contains("v-meta") ? row.nextElementSibling : null;
      const wanted = groups.map(([g, fields]) => g + fields.map((f) => f[0]).join()).join("|");
      if (meta && meta.dataset.wanted === wanted) return;
      const old = {};
      if (meta) { for (const i of meta.querySelectorAll("input")) old[i.dataset.key] = i.value; meta.remove(); }
      if (!groups.length) return;
      meta = element("tr", { class: "v-meta" });
      meta.dataset.wanted = wanted;
      const cell = element("td", { colspan: "4" });
      for (const [group, fields] of groups) {
        if (group) cell.append(element("strong", { text: `${group}：` }));
        for (const [key, label] of fields) {
          const input = element("input", { "aria-label": label, "data-key": key });
          input.value = old[key] || "";
          cell.append(element("label", {}, [label + " ", input]));
        }
      }
      meta.append(cell);
      row.after(meta);
    };

    const voucherMeta = () => {
      const box = $("v-voucher-meta");
      const codes = rows().map((r) => [(r.querySelector(".v-account").value.match(/^\d+/) || [""])[0], cents(r.querySelector(".v-credit").value) > 0]);
      const fields = [];
      if (codes.some(([c, credit]) => credit && /^(402|211|401)/.test(c))) fields.push(["payroll", "工资月份"]);
      // 决议文号 for spending (5xx debits) at or above the book's large-expense
      const spending = rows().reduce((sum, r) => {
        const code = (r.querySelector(".v-account").value.match(/^\d+/) || [""])[0];
        const d = cents(r.querySelector(".v-debit").value);
        return sum + (code.startsWith("5") && d > 0 ? d : 0);
      }, 0);
      if (data.large && spending >= cents(data.large)) fields.push(["decision", "决议文号"]);
      const wanted = fields.map((f) => f[0]).join();
      if (box.dataset.wanted === wanted) return;
      const old = {};
      for (const i of box.querySelectorAll("input")) old[i.dataset.key] = i.value;
      box.innerHTML = "";
      box.dataset.wanted = wanted;
      for (const [key, label] of fields) {
        const input = element("input", { "aria-label": label, "data-key": key, placeholder: key === "payroll" ? "2025-03" : "" });
        input.value = old[key] || "";
        box.append(element("label", {}, [label + " ", input]), " ");
      }
    };

    const suggest = (input) => {
      let list = null, items = [], active = 0, timer = null, asked = "";
      const close = () => { if (list) list.remove(); list = null; };
      const pick = (i) => {
        const found = items[i];
        if (!found) return false;
        input.value = found.label;
        input.dataset.account = found.account;
        close();
        const row = input.closest("tr");
        // the balancing amount, ready to accept or overwrite
        const { debit, credit } = totals();
        const d = row.querySelector(".v-debit"), c = row.querySelector(".v-credit");
        if (!d.value && !c.value && debit !== credit) {
          (debit > credit ? c : d).value = money(Math.abs(debit - credit)).replace(/,/g, "");
        }
        metaFields(row);
        totals();
        if (row === rows()[rows().length - 1]) addRow(lastSummary());
        return true;
      };
      const show = () => {
        close();
        if (!items.length) return;
        list = element("ul", { class: "v-suggest", role: "listbox" });
        items.forEach((f, i) => {
          const li = element("li", { role: "option", text: f.label, class: i === active ? "active" : "" });
          li.addEventListener("mousedown", (e) => { e.preventDefault(); pick(i); });
          list.append(li);
        });
        input.parentElement.style.position = "relative";
        input.parentElement.append(list);
      };
      let pending = null; // {q, promise}: the lookup of the text as typed, once answered
      const ask = () => {
        const q = input.value.trim();
        asked = q;
        const promise = (async () => {
          if (!q) { items = []; close(); return; }
          const [status, answer] = await getJSON(`${base}accounts?q=${encodeURIComponent(q)}&date=${encodeURIComponent(date.value.trim())}`);
          if (asked !== q) return;
          items = status === 200 ? answer : [];
          active = 0;
          show();
        })();
        pending = { q, promise };
        return promise;
      };
      input.addEventListener("input", () => {
        delete input.dataset.account;
        clearTimeout(timer);
        timer = setTimeout(ask, 80);
      });
      input.addEventListener("keydown", async (e) => {
        if (e.key === "ArrowDown" || e.key === "ArrowUp") {
          e.preventDefault();
          active = Math.max(0, Math.min(items.length - 1, active + (e.key === "ArrowDown" ? 1 : -1)));
          show();
        } else if ((e.key === "Enter" || e.key === "Tab") && !input.dataset.account && input.value.trim()) {
          if (e.key === "Enter") e.preventDefault();
          clearTimeout(timer);
          const q = input.value.trim();
          await (pending && pending.q === q ? pending.promise : ask());
          if (pick(active) && e.key === "Enter") {
            const row = input.closest("tr");
            const c = row.querySelector(".v-credit");
            const target = c.value && !row.querySelector(".v-debit").value ? c : row.querySelector(".v-debit");
            target.focus();
            target.select();
          }
        } else if (e.key === "Escape") close();
      });
      input.addEventListener("blur", () => setTimeout(close, 150));
    };

    const addRow = (summary = "") => {
      const row = element("tr", { class: "v-line" });
      const cells = [
        ["v-summary", "摘要"], ["v-account", "科目"], ["v-debit", "借方金额"], ["v-credit", "贷方金额"],
      ].map(([cls, label]) => {
        const input = element("input", { class: cls, "aria-label": label });
        if (cls !== "v-summary" && cls !== "v-account") input.setAttribute("inputmode", "decimal");
        return element("td", cls === "v-debit" || cls === "v-credit" ? { class: "num" } : {}, [input]);
      });
      cells.forEach((c) => row.append(c));
      body.append(row);
      row.querySelector(".v-summary").value = summary;
      suggest(row.querySelector(".v-account"));
      for (const input of row.querySelectorAll(".v-debit, .v-credit")) {
        input.addEventListener("input", () => { metaFields(row); totals(); });
      }
      return row;
    };
    const lastSummary = () => {
      const all = rows().map((r) => r.querySelector(".v-summary").value).filter(Boolean);
      return all.length ? all[all.length - 1] : $("v-narration").value;
    };

    // Enter moves on, like the vendor screens; at the end of a line a new line starts
    form.addEventListener("keydown", (e) => {
      if ((e.ctrlKey || e.metaKey) && (e.key === "s" || e.key === "Enter")) {
        e.preventDefault();
        save(e.key === "Enter");
        return;
      }
      if (e.key !== "Enter" || e.defaultPrevented || e.target.tagName !== "INPUT") return;
      if (e.target.classList.contains("v-account") && !e.target.dataset.account && e.target.value.trim()) return;
      e.preventDefault();
      const inputs = [...form.querySelectorAll("input:not([readonly])")];
      const at = inputs.indexOf(e.target);
      const inLines = e.target.closest("#v-lines");
      const line = e.target.closest("tr.v-line");
      const after = () => inputs.slice(at + 1).find((i) => !i.closest("#v-lines"));
      if (line && e.target.classList.contains("v-account") && empty(line) && totals().balanced) {
        // Enter on the empty line under a balanced voucher: on to its fields, or 保存
        const target = after();
        if (target) { target.focus(); target.select(); } else $("v-save").focus();
        return;
      }
      // a debit typed: the credit of the same line is skipped; a credit line's amount is
      // reached from its account directly
      const credit = line && line.querySelector(".v-credit");
      if (e.target.classList.contains("v-account") && credit.value.trim() && !line.querySelector(".v-debit").value.trim()) {
        credit.focus();
        credit.select();
        return;
      }
      const skip = e.target.classList.contains("v-debit") && e.target.value.trim() ? 2 : 1;
      const next = inputs[at + skip];
      if (inLines && (!next || !next.closest("#v-lines")) && !totals().balanced) {
        const added = addRow(lastSummary());
        added.querySelector(".v-summary").focus();
        added.querySelector(".v-summary").select();
        return;
      }
      if (next) { next.focus(); next.select(); }
      else $("v-save").focus();
    });
    const empty = (row) => !row.querySelector(".v-account").value.trim()
      && !row.querySelector(".v-debit").value.trim() && !row.querySelector(".v-credit").value.trim();
    $("v-narration").addEventListener("change", () => {
      for (const row of rows()) {
        const s = row.querySelector(".v-summary");
        if (!s.value) s.value = $("v-narration").value;
      }
    });
    $("v-narration").addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        const first = rows()[0].querySelector(".v-summary");
        if (!first.value) first.value = $("v-narration").value;
      }
    });

    // --- editing a saved voucher (open months, not yet reviewed) --------------------------
    let editing = ""; // the number of the voucher the form now replaces
    const fill = (saved) => {
      date.value = saved.date;
      voucher.value = saved.voucher;
      voucherTyped = true;
      $("v-attachments").value = saved.attachments;
      $("v-payee").value = saved.payee;
      $("v-narration").value = saved.narration;
      body.innerHTML = "";
      for (const line of saved.lines) {
        const row = addRow(line.summary);
        const account = row.querySelector(".v-account");
        account.value = line.label;
        account.dataset.account = line.account;
        row.querySelector(".v-debit").value = line.debit;
        row.querySelector(".v-credit").value = line.credit;
        metaFields(row);
        const extra = row.nextElementSibling && row.nextElementSibling.classList.contains("v-meta") ? row.nextElementSibling : null;
        if (extra) for (const i of extra.querySelectorAll("input")) i.value = line.meta[i.dataset.key] || "";
      }
      addRow(lastSummary());
      totals();
      for (const i of $("v-voucher-meta").querySelectorAll("input")) i.value = saved.meta[i.dataset.key] || "";
      editing = saved.voucher;
      $("v-save").textContent = "保存修改";
      message([`正在修改凭证 ${editing}：改好后按“保存修改”，原凭证在文件中原处改写`], "clean");
      date.focus();
      date.select();
    };
    for (const button of root.querySelectorAll("button.v-edit")) {
      button.addEventListener("click", async () => {
        const [status, answer] = await getJSON(`${base}voucher?voucher=${encodeURIComponent(button.dataset.voucher)}`);
        if (status === 200) fill(answer);
        else window.alert((answer.errors || []).join("\n"));
      });
    }

    // --- saving -------------------------------------------------------------------------
    let confirmed = null; // the request whose findings the treasurer has seen
    const request = () => {
      const meta = {};
      for (const i of $("v-voucher-meta").querySelectorAll("input")) if (i.value.trim()) meta[i.dataset.key] = i.value.trim();
      const lines = rows().map((row) => {
        const lineMeta = {};
        const extra = row.nextElementSibling && row.nextElementSibling.classList.contains("v-meta") ? row.nextElementSibling : null;
        if (extra) for (const i of extra.querySelectorAll("input")) if (i.value.trim()) lineMeta[i.dataset.key] = i.value.trim();
        const account = row.querySelector(".v-account");
        return {
          summary: row.querySelector(".v-summary").value.trim(),
          account: account.dataset.account || account.value.trim(),
          debit: row.querySelector(".v-debit").value.trim(),
          credit: row.querySelector(".v-credit").value.trim(),
          meta: lineMeta,
        };
      }).filter((l) => l.account || l.debit || l.credit);
      const attachments = $("v-attachments").value.trim();
      return {
        date: date.value.trim(),
        voucher: voucher.value.trim(),
        attachments: attachments === "" ? null : attachments.normalize("NFKC"),
        narration: $("v-narration").value.trim(),
        payee: $("v-payee").value.trim(),
        preparer: who(),
        lines,
        meta,
        ...(editing ? { edit: editing } : {}),
      };
    };
    const save = async (andNew) => {
      const wanted = request();
      const key = JSON.stringify(wanted);
      if (confirmed !== key) {
        const [status, answer] = await postJSON("save", { ...wanted, dry_run: true });
        if (status !== 200) { message(answer.errors || [`未保存（HTTP ${status}）`]); return; }
        if (answer.findings.length) {
          confirmed = key;
          message(["保存后检查规则会发现以下问题（可修改后再保存，或再按一次保存仍然保存）：",
            ...answer.findings.map((f) => `${f.rule}：${f.message}`)]);
          $("v-save").textContent = "仍然保存";
          return;
        }
      }
      const [status, answer] = await postJSON("save", wanted);
      if (status !== 200) { message(answer.errors || [`未保存（HTTP ${status}）`]); confirmed = null; return; }
      localStorage.setItem(KEY_DATE, wanted.date);
      localStorage.setItem(KEY_NEW, andNew ? "1" : "");
      sessionStorage.setItem("ghfund-saved", `已保存 ${answer.voucher}（${answer.file.split("/").pop()} 第 ${answer.lineno} 行）`);
      window.location.reload();
    };
    $("v-save").addEventListener("click", () => save(false));
    $("v-save-new").addEventListener("click", () => save(true));
    form.addEventListener("input", () => {
      if (confirmed !== null && confirmed !== JSON.stringify(request())) { confirmed = null; $("v-save").textContent = editing ? "保存修改" : "保存"; }
    });

    addRow();
    totals();
    const saved = sessionStorage.getItem("ghfund-saved");
    if (saved) { message([saved], "clean"); sessionStorage.removeItem("ghfund-saved"); }
    // 保存并新增: the date stays (selected: type over it, or Enter to keep it)
    const fresh = localStorage.getItem(KEY_NEW);
    localStorage.removeItem(KEY_NEW);
    if (fresh !== "") { date.focus(); date.select(); }
  },
};
