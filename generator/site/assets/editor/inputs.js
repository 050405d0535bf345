/* What staff type into the editor page's fields, read the Vietnamese way, and the
   validator's rules on it said as a sentence at the field: numbers ("1.250" is one
   thousand two hundred and fifty, "1,5" one and a half), dates (15/03/2023, 15-3-2023
   and 2023-03-15, written 2023-03-15), the limits of one-line and one-paragraph text.

   Loaded by the editor page, and by tests/test_editor_format.py under Node.js, which
   checks these rules against the validator's and the site's own. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.dvkInputs = factory();
})(typeof self !== "undefined" ? self : this, () => {
  "use strict";

  // Python's str.split() and str.strip() whitespace (the validator collapses it).
  const SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  const SPACES = new RegExp(`[${SPACE}]+`, "g");
  const TRIM = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, "g");
  const BLANK_LINE = new RegExp(`\\n[${SPACE}]*\\n`);
  const TAG = /<\s*\/?\s*[a-zA-Z][^>]*>/; // validate.TAG_PATTERN
  const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]/;
  const MAX_NUMBER = 1e15; // validate.MAX_NUMBER
  const FIRST_YEAR = 1990; // validate.check_date: earlier years are refused

  // -- numbers ----------------------------------------------------------------------

  const group = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");

  /* "1.250" -> 1250, "1,5" -> 1.5, "1.250,75" -> 1250.75, "" -> null; what the
     Vietnamese way cannot read is refused: {error} says how to write it. */
  function parseNumber(typed) {
    const raw = String(typed).replace(/[\u00a0\u202f\u2009]/g, " ").trim();
    if (raw === "") return { value: null };
    const sign = /^[-\u2212]/.test(raw) ? -1 : 1;
    const body = raw.replace(/^[-\u2212+]\s*/, "");
    if (!/^[0-9][0-9., ]*$/.test(body) || /[., ]$/.test(body)) {
      const lead = /^([0-9][0-9.,]*)\s+(\S.*)$/.exec(body);
      if (lead && /[^\d\s.,]/.test(lead[2]))
        return {
          error: `Ô này chỉ ghi con số, ví dụ ${lead[1]}; “${lead[2]}” ghi ở ô Đơn vị tính.`,
        };
      return { error: `“${raw}” không phải một con số. Viết số như 1.250 hoặc 3,5.` };
    }
    const commas = (body.match(/,/g) || []).length;
    if (commas > 1 || (commas === 1 && body.indexOf(".") > body.indexOf(",")))
      return {
        error: `“${raw}” viết theo kiểu tiếng Anh. Trong tiếng Việt, dấu chấm ngăn cách hàng nghìn và dấu phẩy đứng trước phần thập phân, ví dụ 1.250.000 hoặc 1.250,5.`,
      };
    const [whole, fraction = null] = body.split(",");
    const separators = whole.match(/[. ]/g) || [];
    if (separators.length && new Set(separators).size > 1)
      return { error: `“${raw}”: hàng nghìn ngăn cách bằng dấu chấm, ví dụ 1.250.000.` };
    const groups = whole.split(/[. ]/);
    if (groups.length > 1 && (!/^[1-9]\d{0,2}$/.test(groups[0]) || groups.slice(1).some((g) => g.length !== 3))) {
      const single = (body.match(/\./g) || []).length === 1 && fraction === null;
      return {
        error: single
          ? `“${raw}”: trong tiếng Việt dấu chấm ngăn cách hàng nghìn (1.250 là một nghìn hai trăm năm mươi). Nếu là số thập phân, hãy dùng dấu phẩy: ${body.replace(".", ",")}.`
          : `“${raw}”: dấu chấm ngăn cách hàng nghìn phải đứng trước từng nhóm ba chữ số, ví dụ 1.250.000.`,
      };
    }
    if (fraction !== null && !/^\d+$/.test(fraction))
      return { error: `“${raw}”: sau dấu phẩy phải có chữ số, ví dụ 3,5.` };
    const digits = groups.join("");
    const value = sign * Number(fraction === null ? digits : `${digits}.${fraction}`);
    if (Math.abs(value) >= MAX_NUMBER)
      return { error: `${formatNumber(value)} quá lớn để là một số liệu; hãy kiểm tra lại.` };
    return { value: Object.is(value, -0) ? 0 : value };
  }

  // The decimal digits of a number exactly as its binary value is, rounded half to
  // even at two places: what Python's format(value, ".2f") gives.
  function twoPlaces(x) {
    const exact = Math.abs(x).toFixed(100).replace(/0+$/, "");
    const [whole, frac = ""] = exact.split(".");
    let kept = whole + (frac + "00").slice(0, 2);
    const rest = frac.slice(2);
    const up = rest[0] > "5" || (rest[0] === "5" && (/[1-9]/.test(rest.slice(1)) || Number(kept.at(-1)) % 2 === 1));
    if (up) kept = (BigInt(kept) + 1n).toString().padStart(3, "0");
    return { whole: kept.slice(0, -2) || "0", frac: kept.slice(-2) };
  }

  /* As the site shows a figure (generator/site/markup.py `number`): 1.250 and 3,5. */
  function formatNumber(value) {
    const negative = value < 0 ? "-" : "";
    if (!Number.isInteger(value)) {
      const { whole, frac } = twoPlaces(value);
      // Python: f"{value:,.2f}".rstrip("0").rstrip(".").partition(".")
      const shown = `${whole}.${frac}`.replace(/0+$/, "").replace(/\.$/, "");
      const [w, f = ""] = shown.split(".");
      const sign = w === "0" && !f ? "" : negative;
      return `${sign}${group(w)}${f ? "," + f : ""}`;
    }
    return negative + group(String(Math.abs(value)));
  }

  /* A number as typed back into its field, every digit kept: 1.250,125. */
  function editNumber(value) {
    if (typeof value !== "number" || !Number.isFinite(value)) return String(value ?? "");
    let digits = String(Math.abs(value));
    if (/e/.test(digits)) digits = Math.abs(value).toFixed(20).replace(/\.?0+$/, "");
    const [whole, fraction] = digits.split(".");
    return (value < 0 ? "-" : "") + group(whole) + (fraction ? "," + fraction : "");
  }

  // -- dates ------------------------------------------------------------------------

  const pad = (n) => String(n).padStart(2, "0");
  const daysIn = (year, month) => new Date(Date.UTC(year, month, 0)).getUTCDate();

  // Today in Viet Nam (UTC+7, no summer time), as validate.vietnam_today.
  function vietnamToday(now = Date.now()) {
    return new Date(now + 7 * 3600 * 1000).toISOString().slice(0, 10);
  }

  /* 15/03/2023, 15-3-2023, 15.03.2023, 15032023, 2023-03-15 -> "2023-03-15";
     "" -> ""; {error} for what is not a day from 1990 to today. */
  function parseDate(typed, today = vietnamToday()) {
    const raw = String(typed).trim();
    if (raw === "") return { value: "" };
    const text = raw.replace(/\s*([/.-])\s*/g, "$1");
    let day;
    let month;
    let year;
    let match;
    if ((match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text))) [, day, month, year] = match;
    else if ((match = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(text))) [, year, month, day] = match;
    else if (/^\d{8}$/.test(text)) {
      const last = Number(text.slice(4));
      if (last >= FIRST_YEAR && last <= 2999) [day, month, year] = [text.slice(0, 2), text.slice(2, 4), text.slice(4)];
      else [year, month, day] = [text.slice(0, 4), text.slice(4, 6), text.slice(6)];
    } else if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$/.test(text)) {
      const parts = text.split(/[/.-]/);
      return { error: `Hãy ghi đủ bốn chữ số của năm, ví dụ ${pad(parts[0])}/${pad(parts[1])}/20${parts[2]}.` };
    } else return { error: `“${raw}” không phải một ngày. Ghi ngày/tháng/năm, ví dụ 15/03/2023.` };
    [day, month, year] = [Number(day), Number(month), Number(year)];
    if (month < 1 || month > 12) return { error: `“${raw}”: tháng ${month} không có; tháng từ 1 đến 12 (ghi ngày trước, tháng sau: 15/03/2023).` };
    if (day < 1 || day > daysIn(year, month))
      return { error: `“${raw}”: tháng ${month} năm ${year} không có ngày ${day}.` };
    const value = `${year}-${pad(month)}-${pad(day)}`;
    if (year < FIRST_YEAR) return { error: `Năm ${year} quá sớm: ngày phải từ năm ${FIRST_YEAR} trở đi.` };
    if (value > today) return { error: `${formatDate(value)} là một ngày trong tương lai (hôm nay là ${formatDate(today)}).` };
    return { value };
  }

  // "2023-03-15" -> "15/03/2023"; anything else as it is.
  function formatDate(value) {
    const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(String(value || ""));
    return match ? `${pad(match[3])}/${pad(match[2])}/${match[1]}` : String(value || "");
  }

  function spokenDate(value) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value || ""));
    return match ? `ngày ${Number(match[3])} tháng ${Number(match[2])} năm ${match[1]}` : "";
  }

  // -- text --------------------------------------------------------------------------

  /* The validator's check_line (kind "line") or check_summary ("summary") said at the
     field: the rule broken and by how much; null when the text passes. */
  function checkText(value, kind, max, label) {
    if (typeof value !== "string" || value === "") return null;
    const text = value.normalize("NFC");
    const name = label || "Ô này";
    if (CONTROL.test(text))
      return `${name} có ký tự điều khiển không nhìn thấy được (thường do dán từ Word hoặc PDF); hãy gõ lại đoạn đó.`;
    const trimmed = text.replace(TRIM, "");
    if (kind === "line" && trimmed.includes("\n"))
      return `${name} phải nằm trên một dòng; hãy xoá chỗ xuống dòng.`;
    if (kind === "summary" && BLANK_LINE.test(trimmed))
      return `${name} chỉ được là một đoạn văn; hãy xoá dòng trống ở giữa.`;
    const collapsed = trimmed.replace(SPACES, " ");
    const tag = TAG.exec(collapsed);
    if (tag) return `${name} không được chứa thẻ HTML như “${tag[0]}”; hãy viết chữ thường.`;
    const length = countCharacters(collapsed);
    if (max && length > max)
      return `${name} dài ${length} ký tự, tối đa ${max} ký tự; hãy bớt ${length - max} ký tự.`;
    return null;
  }

  // Characters as the validator counts them (code points, spaces collapsed).
  function countCharacters(value) {
    return [...String(value).normalize("NFC").replace(TRIM, "").replace(SPACES, " ")].length;
  }

  return {
    parseNumber,
    formatNumber,
    editNumber,
    parseDate,
    formatDate,
    spokenDate,
    vietnamToday,
    checkText,
    countCharacters,
    FIRST_YEAR,
  };
});
