/* Model and unit files for the editor page: read as the validator reads them, and
   written back changing only what the form changed.

   `read` parses the YAML the project's files use (block mappings and lists, flow lists
   and mappings, plain, quoted and block scalars, comments) and resolves plain values as
   the validator's YAML 1.1 loader does (yes/no are booleans, 2023 is a number, dates
   stay text). What it is not sure to read the same way it refuses, with the line: a
   file the form cannot read is never rewritten from an empty form.

   `write` takes the file's text and the form's data and changes the lines of the keys
   whose value changed, in the project's style: one review year is one line, lists
   written on one line stay on one line, years and dates unquoted, comments and the body
   kept. The text written is read again and must hold exactly the form's data, or the
   whole front matter is written anew (still in the project's style).

   Loaded by the editor page, and by tests/test_editor_format.py under Node.js. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.dvkFrontMatter = factory();
})(typeof self !== "undefined" ? self : this, () => {
  "use strict";

  class Refused extends Error {
    constructor(line, message) {
      super(`dòng ${line}: ${message}`);
      this.line = line;
      this.reason = message;
    }
  }

  // The resolver of PyYAML's SafeLoader (YAML 1.1), tried in its order.
  const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
  const TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
  const FLOAT =
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
  const INT =
    /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
  const NULL = /^(?:~|null|Null|NULL|)$/;
  const TIMESTAMP =
    /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;
  // What no text of the data may hold (generator/data/text.py CONTROL).
  const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]/;
  const ESCAPES = {
    0: "\0", a: "\x07", b: "\b", t: "\t", "\t": "\t", n: "\n", v: "\v", f: "\f", r: "\r",
    e: "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", N: "\x85", _: "\xa0", L: "\u2028",
    P: "\u2029",
  };
  const CODES = { x: 2, u: 4, U: 8 };
  const INDICATORS = "-?:,[]{}#&*!|>'\"%@`";
  const FENCE = /^---[ \t]*$/;
  const ISO = /^\d{4}-\d{2}-\d{2}$/;

  const isSpace = (ch) => ch === " " || ch === undefined || ch === "";

  function sixty(text) {
    let value = 0;
    for (const part of text.split(":")) value = value * 60 + Number(part);
    return value;
  }

  // A plain scalar's value, as the validator's loader constructs it.
  function resolve(text, line) {
    if (BOOL.test(text)) return TRUE.test(text);
    if (FLOAT.test(text)) {
      let value = text.replace(/_/g, "").toLowerCase();
      let sign = 1;
      if (value[0] === "-" || value[0] === "+") {
        sign = value[0] === "-" ? -1 : 1;
        value = value.slice(1);
      }
      if (value === ".inf" || value === ".nan")
        throw new Refused(line, `giá trị đặc biệt "${text}" của YAML không phải một con số.`);
      return sign * (value.includes(":") ? sixty(value) : Number(value));
    }
    if (INT.test(text)) {
      let value = text.replace(/_/g, "");
      let sign = 1;
      if (value[0] === "-" || value[0] === "+") {
        sign = value[0] === "-" ? -1 : 1;
        value = value.slice(1);
      }
      let number;
      if (value === "0") number = 0;
      else if (value.startsWith("0b")) number = parseInt(value.slice(2), 2);
      else if (value.startsWith("0x")) number = parseInt(value.slice(2), 16);
      else if (value[0] === "0") number = parseInt(value, 8);
      else if (value.includes(":")) number = sixty(value);
      else number = Number(value);
      if (!Number.isSafeInteger(number))
        throw new Refused(line, `số "${text.slice(0, 20)}" quá lớn.`);
      return sign * number;
    }
    if (NULL.test(text)) return null;
    if (TIMESTAMP.test(text)) return text; // the loader keeps dates as text
    if (text === "<<" || text === "=")
      throw new Refused(line, `"${text}" là một ký hiệu của YAML, tệp mô hình không dùng.`);
    return text;
  }

  function text(value, line) {
    const normal = value.normalize("NFC");
    if (CONTROL.test(normal))
      throw new Refused(line, "có ký tự điều khiển không nhìn thấy được.");
    return normal;
  }

  // -- reading ------------------------------------------------------------------

  class Reader {
    constructor(source) {
      this.src = source;
      this.lines = source.split("\n");
      // The last line's end: a text ending in a line break has no line after it.
      this.final = source.endsWith("\n");
      if (this.final) this.lines.pop();
      this.starts = [];
      let at = 0;
      for (const line of this.lines) {
        this.starts.push(at);
        at += line.length + 1;
      }
      // Line breaks to YAML 1.1 besides "\n": nothing the form types, and read apart.
      const odd = /[\x85\u2028\u2029]/.exec(source);
      if (odd) throw new Refused(source.slice(0, odd.index).split("\n").length, "có ký tự xuống dòng lạ (U+" + odd[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0") + ").");
      if (source.includes("\t")) {
        const line = this.lines.findIndex((l) => l.includes("\t")) + 1;
        throw new Refused(line, "có ký tự Tab; YAML chỉ dùng dấu cách.");
      }
    }

    refuse(index, message) {
      throw new Refused(index + 1, message);
    }

    indent(i) {
      const line = this.lines[i];
      return line.length - line.trimStart().length;
    }

    blank(i) {
      const rest = this.lines[i].trim();
      return rest === "" || rest[0] === "#";
    }

    next(i) {
      while (i < this.lines.length && this.blank(i)) i++;
      return i < this.lines.length ? i : -1;
    }

    isItem(i, col) {
      const line = this.lines[i];
      return line[col] === "-" && isSpace(line[col + 1]);
    }

    lineOf(offset) {
      let low = 0;
      let high = this.starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (this.starts[mid] <= offset) low = mid;
        else high = mid - 1;
      }
      return low;
    }

    document() {
      const first = this.next(0);
      if (first < 0) return { kind: "map", value: {}, entries: [], first: 0, last: -1, col: 0 };
      for (const [i, line] of this.lines.entries()) {
        if (/^(?:---|\.\.\.)(?: |$)/.test(line) || line[0] === "%")
          this.refuse(i, "có dòng `---`, `...` hoặc `%` giữa phần thông tin.");
      }
      const col = this.indent(first);
      if (this.isItem(first, col) || !this.key(first, col))
        this.refuse(first, "phần thông tin phải là các dòng `khoá: giá trị`.");
      const node = this.map(first, col);
      const after = this.next(node.last + 1);
      if (after >= 0) this.refuse(after, "thụt lề không thẳng hàng với các khoá ở trên.");
      return node;
    }

    // `key:` at column `col` of line i: the key and where its value starts, or null.
    key(i, col) {
      const line = this.lines[i];
      const ch = line[col];
      let end;
      let value;
      if (ch === '"' || ch === "'") {
        let quoted;
        try {
          quoted = this.quoted(this.starts[i] + col, -1);
        } catch (error) {
          if (error instanceof Refused) return null; // a value in quotes over several lines
          throw error;
        }
        if (this.lineOf(quoted.end) !== i) return null;
        end = quoted.end - this.starts[i];
        let after = end;
        while (line[after] === " ") after++;
        if (line[after] !== ":" || !isSpace(line[after + 1])) return null;
        value = quoted.value;
        end = after;
      } else {
        if (!this.plainStart(line, col)) return null;
        end = -1;
        for (let at = col; at < line.length; at++) {
          if (line[at] === "#" && line[at - 1] === " ") break;
          if (line[at] === ":" && isSpace(line[at + 1])) {
            end = at;
            break;
          }
        }
        if (end < 0) return null;
        value = resolve(line.slice(col, end).trimEnd(), i + 1);
      }
      if (typeof value === "number" && Number.isInteger(value)) value = String(value);
      else if (typeof value === "string") value = text(value, i + 1);
      else this.refuse(i, "tên khoá phải là chữ hoặc một năm.");
      let start = end + 1;
      while (line[start] === " ") start++;
      return { key: value, keyEnd: end, valueCol: start };
    }

    plainStart(line, col) {
      const ch = line[col];
      if (ch === undefined) return false;
      if (!INDICATORS.includes(ch)) return true;
      return "-?:".includes(ch) && !isSpace(line[col + 1]);
    }

    map(i, col) {
      const node = { kind: "map", value: {}, entries: [], first: i, last: i, col };
      let at = i;
      for (;;) {
        const found = this.key(at, col);
        if (!found) this.refuse(at, "dòng này không phải `khoá: giá trị`.");
        if (Object.prototype.hasOwnProperty.call(node.value, found.key))
          this.refuse(at, `khoá "${found.key}" ghi hai lần.`);
        const value = this.value(at, found.valueCol, col, true);
        const entry = {
          key: found.key,
          first: at,
          last: value.last,
          col,
          keyText: this.lines[at].slice(col, found.keyEnd),
          node: value,
        };
        node.entries.push(entry);
        node.value[found.key] = value.value;
        node.last = value.last;
        const next = this.next(value.last + 1);
        if (next < 0) break;
        const indent = this.indent(next);
        if (indent < col) break;
        if (indent > col) this.refuse(next, "thụt lề không thẳng hàng với các khoá ở trên.");
        if (this.isItem(next, col))
          this.refuse(next, "thụt lề của danh sách không thẳng hàng (mỗi mục bắt đầu bằng `- `).");
        at = next;
      }
      return node;
    }

    seq(i, col) {
      const node = { kind: "seq", value: [], items: [], first: i, last: i, col };
      let at = i;
      for (;;) {
        let start = col + 1;
        while (this.lines[at][start] === " ") start++;
        let item;
        if (start < this.lines[at].length && this.lines[at][start] !== "#") {
          if (this.isItem(at, start)) this.refuse(at, "danh sách lồng trên một dòng (`- - `).");
          item = this.key(at, start) ? this.map(at, start) : this.value(at, start, col, false);
        } else item = this.value(at, start, col, false);
        node.items.push({ first: at, last: item.last, col, node: item });
        node.value.push(item.value);
        node.last = item.last;
        const next = this.next(item.last + 1);
        if (next < 0) break;
        const indent = this.indent(next);
        if (indent < col || (indent === col && !this.isItem(next, col))) break;
        if (indent > col) this.refuse(next, "thụt lề không thẳng hàng với các mục ở trên.");
        at = next;
      }
      return node;
    }

    // The value that starts at column `col` of line i, in a collection at column `parent`.
    value(i, col, parent, inMap) {
      const line = this.lines[i];
      const ch = line[col];
      if (ch === undefined || ch === "#") {
        const next = this.next(i + 1);
        if (next >= 0) {
          const indent = this.indent(next);
          if (indent > parent) return this.block(next, indent, parent);
          if (inMap && indent === parent && this.isItem(next, parent)) return this.seq(next, parent);
        }
        return { kind: "scalar", value: null, first: i, last: i, end: col, empty: true };
      }
      if (ch === "|" || ch === ">") return this.literal(i, col, parent);
      if (ch === '"' || ch === "'") {
        const quoted = this.quoted(this.starts[i] + col, parent);
        return this.closeLine(quoted.end, {
          kind: "scalar",
          value: text(quoted.value, i + 1),
          first: i,
          quoted: ch,
        });
      }
      if (ch === "[" || ch === "{") {
        const flow = new Flow(this, this.starts[i] + col, parent);
        const value = flow.node();
        return this.closeLine(flow.at, { kind: ch === "[" ? "seq" : "map", value, first: i, flow: true });
      }
      if (!this.plainStart(line, col))
        this.refuse(
          i,
          `giá trị bắt đầu bằng ký tự đặc biệt "${ch}"; hãy đặt cả giá trị trong dấu nháy kép.`,
        );
      return this.plain(i, col, parent);
    }

    // After a quoted or flow value: nothing else on its line but a comment.
    closeLine(offset, node) {
      const last = this.lineOf(offset);
      const rest = this.src.slice(offset, this.starts[last] + this.lines[last].length);
      if (rest.trim() !== "" && !/^ +#/.test(rest))
        this.refuse(last, "sau dấu nháy đóng hoặc dấu ngoặc đóng còn chữ khác.");
      return Object.assign(node, { last, end: offset - this.starts[last] });
    }

    block(i, col, parent) {
      if (this.isItem(i, col)) return this.seq(i, col);
      if (this.key(i, col)) return this.map(i, col);
      return this.value(i, col, parent, false);
    }

    plain(i, col, parent) {
      const scan = (line, from) => {
        for (let at = from; at < line.length; at++) {
          if (line[at] === "#" && line[at - 1] === " ") return { end: at, comment: true };
          if (line[at] === ":" && isSpace(line[at + 1])) return { end: at, colon: true };
        }
        return { end: line.length };
      };
      const first = scan(this.lines[i], col);
      if (first.colon) this.refuse(i, "dấu hai chấm đặt sai chỗ; hãy đặt cả giá trị trong dấu nháy kép.");
      const parts = [this.lines[i].slice(col, first.end).trim()];
      let last = i;
      let end = col + this.lines[i].slice(col, first.end).trimEnd().length;
      if (!first.comment) {
        let breaks = 0;
        for (let at = i + 1; at < this.lines.length; at++) {
          const line = this.lines[at];
          if (line.trim() === "") {
            breaks++;
            continue;
          }
          if (this.indent(at) <= parent || line.trim()[0] === "#") break;
          const more = scan(line, this.indent(at));
          if (more.colon || more.comment || this.isItem(at, this.indent(at)))
            this.refuse(at, "dòng tiếp theo của giá trị có dấu hai chấm, dấu # hoặc dấu -.");
          parts.push(breaks ? "\n".repeat(breaks) : " ", line.trim());
          breaks = 0;
          last = at;
          end = line.trimEnd().length;
        }
      }
      const raw = parts.join("");
      const value = resolve(raw, i + 1);
      return {
        kind: "scalar",
        value: typeof value === "string" ? text(value, i + 1) : value,
        first: i,
        last,
        end,
      };
    }

    // "..." or '...' starting at `offset`; with `parent` < 0, on one line only.
    quoted(offset, parent) {
      const src = this.src;
      const quote = src[offset];
      const double = quote === '"';
      let at = offset + 1;
      let out = "";
      const startLine = this.lineOf(offset);
      for (;;) {
        const ch = src[at];
        if (ch === undefined) this.refuse(startLine, "thiếu dấu nháy đóng.");
        if (ch === quote) {
          if (!double && src[at + 1] === "'") {
            out += "'";
            at += 2;
            continue;
          }
          return { value: out, end: at + 1 };
        }
        if (double && ch === "\\") {
          const next = src[at + 1];
          if (next in ESCAPES) {
            out += ESCAPES[next];
            at += 2;
          } else if (next in CODES) {
            const hex = src.slice(at + 2, at + 2 + CODES[next]);
            if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== CODES[next])
              this.refuse(this.lineOf(at), "mã thoát `\\x`, `\\u` không hợp lệ.");
            const code = parseInt(hex, 16);
            if (code > 0x10ffff) this.refuse(this.lineOf(at), "mã thoát không phải một ký tự.");
            out += String.fromCodePoint(code);
            at += 2 + CODES[next];
          } else if (next === "\n") {
            if (parent < 0) this.refuse(startLine, "thiếu dấu nháy đóng trên cùng dòng.");
            const more = this.continuation(at + 2, parent, startLine);
            out += "\n".repeat(more.breaks);
            at = more.at;
          } else this.refuse(this.lineOf(at), `mã thoát "\\${next}" không hợp lệ.`);
          continue;
        }
        if (ch === " " || ch === "\n") {
          let end = at;
          while (src[end] === " ") end++;
          if (src[end] !== "\n") {
            out += src.slice(at, end);
            at = end;
            continue;
          }
          if (parent < 0) this.refuse(startLine, "thiếu dấu nháy đóng trên cùng dòng.");
          const more = this.continuation(end + 1, parent, startLine);
          out += more.breaks ? "\n".repeat(more.breaks) : " ";
          at = more.at;
          continue;
        }
        out += ch;
        at++;
      }
    }

    // Past a line break inside a quoted value: the blank lines below it counted.
    continuation(at, parent, startLine) {
      const src = this.src;
      let breaks = 0;
      for (;;) {
        let end = at;
        while (src[end] === " ") end++;
        if (src[end] === "\n") {
          breaks++;
          at = end + 1;
          continue;
        }
        if (src[end] === undefined) this.refuse(startLine, "thiếu dấu nháy đóng.");
        return { at: end, breaks };
      }
    }

    // | and > block scalars, as PyYAML's scanner reads them.
    literal(i, col, parent) {
      const header = this.lines[i].slice(col);
      const match = /^([|>])([+-]?)([1-9]?)([+-]?)( +#.*| *)$/.exec(header);
      if (!match || (match[2] && match[4]))
        this.refuse(i, "dòng mở đầu đoạn `|` hoặc `>` không hợp lệ.");
      const folded = match[1] === ">";
      const chomp = match[2] || match[4]; // "" clip, "-" strip, "+" keep
      const increment = Number(match[3]) || 0;
      let indent;
      let at = i + 1;
      const lines = this.lines;
      let breaks = [];
      if (increment) indent = parent + increment;
      else {
        let max = 0;
        let first = -1;
        for (let k = at; k < lines.length; k++) {
          if (lines[k].trim() === "") {
            max = Math.max(max, lines[k].length);
            continue;
          }
          first = k;
          break;
        }
        const contentIndent = first < 0 ? 0 : this.indent(first);
        if (first >= 0 && max > contentIndent)
          this.refuse(i, "đoạn `|` hoặc `>` có dòng trống nhiều dấu cách hơn dòng chữ đầu.");
        indent = Math.max(parent + 1, contentIndent, max);
      }
      const chunks = [];
      let lineBreak = "";
      let last = i;
      // Blank lines (up to `indent` spaces) before and between the lines of text.
      const blanks = () => {
        const found = [];
        while (at < lines.length && lines[at].length <= indent && lines[at].trim() === "") {
          found.push("\n");
          at++;
        }
        return found;
      };
      breaks = blanks();
      while (at < lines.length && this.indent(at) >= indent && lines[at].length > indent) {
        chunks.push(...breaks);
        const leadingNonSpace = lines[at][indent] !== " ";
        chunks.push(lines[at].slice(indent));
        last = at;
        lineBreak = at < lines.length - 1 || this.final ? "\n" : "";
        at++;
        breaks = blanks();
        if (at < lines.length && this.indent(at) >= indent && lines[at].length > indent) {
          if (folded && leadingNonSpace && lines[at][indent] !== " ") {
            if (!breaks.length) chunks.push(" ");
          } else chunks.push(lineBreak);
        } else break;
      }
      if (chomp !== "-") chunks.push(lineBreak);
      if (chomp === "+") chunks.push(...breaks);
      return {
        kind: "scalar",
        value: text(chunks.join(""), i + 1),
        first: i,
        last,
        end: lines[last].length,
        literal: true,
      };
    }
  }

  // A flow list or mapping ([a, b], {label: x, value: 1}), possibly over several lines.
  class Flow {
    constructor(reader, at, parent) {
      this.r = reader;
      this.src = reader.src;
      this.at = at;
      this.parent = parent;
    }

    refuse(message) {
      this.r.refuse(this.r.lineOf(this.at), message);
    }

    space() {
      const src = this.src;
      for (;;) {
        const ch = src[this.at];
        if (ch === " ") this.at++;
        else if (ch === "\n") this.at++;
        else if (ch === "#" && (src[this.at - 1] === " " || src[this.at - 1] === "\n")) {
          while (src[this.at] !== "\n" && src[this.at] !== undefined) this.at++;
        } else return;
      }
    }

    node() {
      this.space();
      const ch = this.src[this.at];
      const line = this.r.lineOf(this.at) + 1;
      if (ch === "[") {
        this.at++;
        const items = [];
        for (;;) {
          this.space();
          if (this.src[this.at] === "]") break;
          items.push(this.node());
          this.space();
          if (this.src[this.at] === ":")
            this.refuse("danh sách `[ ]` có `khoá: giá trị`; hãy đặt giá trị trong dấu nháy kép.");
          if (this.src[this.at] === ",") this.at++;
          else if (this.src[this.at] !== "]")
            this.refuse("danh sách mở bằng `[` chưa có dấu `]` đóng, hoặc thiếu dấu phẩy giữa các mục.");
        }
        this.at++;
        return items;
      }
      if (ch === "{") {
        this.at++;
        const map = {};
        for (;;) {
          this.space();
          if (this.src[this.at] === "}") break;
          let key = this.scalar(true);
          if (typeof key === "number" && Number.isInteger(key)) key = String(key);
          if (typeof key !== "string") this.refuse("tên khoá phải là chữ hoặc một năm.");
          this.space();
          if (this.src[this.at] !== ":") this.refuse("thiếu dấu hai chấm sau tên khoá.");
          this.at++;
          this.space();
          if (",}".includes(this.src[this.at])) this.refuse(`khoá "${key}" chưa có giá trị.`);
          if (Object.prototype.hasOwnProperty.call(map, key)) this.refuse(`khoá "${key}" ghi hai lần.`);
          map[key] = this.node();
          this.space();
          if (this.src[this.at] === ",") this.at++;
          else if (this.src[this.at] !== "}")
            this.refuse("nhóm mở bằng `{` chưa có dấu `}` đóng, hoặc thiếu dấu phẩy.");
        }
        this.at++;
        return map;
      }
      if (ch === undefined) this.refuse("danh sách `[ ]` hoặc nhóm `{ }` chưa đóng.");
      return this.scalar(false, line);
    }

    scalar(isKey) {
      const src = this.src;
      const ch = src[this.at];
      const line = this.r.lineOf(this.at) + 1;
      if (ch === '"' || ch === "'") {
        const quoted = this.r.quoted(this.at, this.parent);
        this.at = quoted.end;
        return text(quoted.value, line);
      }
      if (INDICATORS.includes(ch) && !("-".includes(ch) && !" ,[]{}\n".includes(src[this.at + 1])))
        this.refuse(`giá trị bắt đầu bằng ký tự đặc biệt "${ch}"; hãy đặt trong dấu nháy kép.`);
      const start = this.at;
      for (;;) {
        const c = src[this.at];
        if (c === undefined || c === "\n" || ",[]{}?".includes(c)) break;
        if (c === ":" && (" ,[]{}\n".includes(src[this.at + 1]) || src[this.at + 1] === undefined))
          break;
        if (c === "#" && src[this.at - 1] === " ") break;
        this.at++;
      }
      const raw = src.slice(start, this.at).trim();
      if (src[this.at] === "\n") {
        const save = this.at;
        this.space();
        const next = src[this.at];
        if (next !== undefined && !",]}".includes(next) && !(isKey && next === ":"))
          this.refuse("một giá trị trong `[ ]` hoặc `{ }` nằm trên hai dòng; hãy viết trên một dòng.");
        this.at = save;
      }
      if (src[this.at] === "?") this.refuse('dấu "?" trong danh sách; hãy đặt giá trị trong dấu nháy kép.');
      const value = resolve(raw, line);
      return typeof value === "string" ? text(value, line) : value;
    }
  }

  // -- the file: front matter and body ----------------------------------------------

  // A file's text as the validator splits it (generator/data/source.py).
  function split(raw, markdown) {
    const bom = raw.startsWith("\ufeff") ? "\ufeff" : "";
    const crlf = raw.includes("\r\n");
    const text = raw.slice(bom.length).replace(/\r\n?/g, "\n");
    if (!markdown) return { bom, crlf, head: "", yaml: text, tail: "" };
    const lines = text.split("\n");
    if (!FENCE.test(lines[0]))
      throw new Refused(1, "tệp phải bắt đầu bằng dòng `---`.");
    const closing = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
    if (closing < 0) throw new Refused(1, "thiếu dòng `---` đóng phần thông tin ở đầu tệp.");
    const head = lines[0] + "\n";
    const yaml = lines.slice(1, closing).map((line) => line + "\n").join("");
    const tail = lines.slice(closing).join("\n");
    return { bom, crlf, head, yaml, tail };
  }

  // The body as the form shows it: after the closing `---` line and the blank lines below.
  function body(tail) {
    const rest = tail.slice(tail.indexOf("\n") + 1);
    if (!tail.includes("\n")) return { fence: tail, gap: "", text: "" };
    const text = rest.replace(/^\n+/, "");
    return { fence: tail.slice(0, tail.indexOf("\n") + 1), gap: rest.slice(0, rest.length - text.length), text };
  }

  /* The data of a file, as the validator reads it; for a Markdown file the body is
     `body`. Throws Refused (with `line`) for what it does not read. */
  function read(raw, markdown = true) {
    const parts = split(raw, markdown);
    const lineOffset = markdown ? 1 : 0;
    let node;
    try {
      node = new Reader(parts.yaml).document();
    } catch (error) {
      if (error instanceof Refused) throw new Refused(error.line + lineOffset, error.reason);
      throw error;
    }
    const data = node.value;
    if (markdown) data.body = body(parts.tail).text;
    return data;
  }

  // -- writing ---------------------------------------------------------------------

  const isScalar = (v) => v === null || typeof v !== "object";
  const isEmpty = (v) =>
    v === null ||
    v === undefined ||
    v === "" ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0);

  function equal(a, b) {
    if (a === b) return true;
    if (isScalar(a) || isScalar(b)) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) return a.length === b.length && a.every((v, i) => equal(v, b[i]));
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && equal(a[k], b[k]));
  }

  // The form's data as it will be written: text in NFC, empty values left out.
  function clean(value) {
    if (typeof value === "string") return value.normalize("NFC");
    if (Array.isArray(value)) return value.map(clean).filter((v) => !isEmpty(v));
    if (value && typeof value === "object") {
      const out = {};
      for (const [k, v] of Object.entries(value)) {
        const c = clean(v);
        if (!isEmpty(c)) out[k] = c;
      }
      return out;
    }
    return value;
  }

  function plainOk(s, flow) {
    if (s === "" || /^[\s\x85]|[\s\x85]$/.test(s)) return false;
    if (/[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]/.test(s)) return false;
    if (INDICATORS.includes(s[0])) return false;
    if (/: |:$| #/.test(s) || /^(?:---|\.\.\.)/.test(s)) return false;
    if (flow && /[,[\]{}:#?]/.test(s)) return false;
    try {
      return resolve(s, 0) === s && !TIMESTAMP.test(s);
    } catch (error) {
      return false;
    }
  }

  // In quotes as PyYAML writes them: single quotes, double where an escape is needed.
  function quote(s) {
    if (!/[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]/.test(s))
      return `'${s.replace(/'/g, "''")}'`;
    let out = '"';
    for (const ch of s) {
      const code = ch.codePointAt(0);
      if (ch === '"' || ch === "\\") out += "\\" + ch;
      else if (ch === "\n") out += "\\n";
      else if (ch === "\t") out += "\\t";
      else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff)
        out += "\\u" + code.toString(16).padStart(4, "0");
      else out += ch;
    }
    return out + '"';
  }

  function number(n) {
    if (!Number.isFinite(n)) throw new Error(`không ghi được số ${n}.`);
    const s = String(n);
    if (!/e/i.test(s)) return s;
    const fixed = n.toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
    return fixed.includes(".") ? fixed : fixed + ".0";
  }

  // One value as a person would type it (generator/data/source.py `scalar`).
  function scalar(value, flow = false) {
    if (value === null || value === undefined) return "";
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return number(value);
    const s = String(value);
    if (ISO.test(s)) return s; // dates unquoted: the loader reads them as text
    if (/^[0-9]+$/.test(s)) return `'${s}'`; // a code such as 01843
    return plainOk(s, flow) ? s : quote(s);
  }

  // Keys as the files write them: names plain, years unquoted.
  const keyText = (key) => (/^(?:0|[1-9][0-9]*)$/.test(key) ? key : scalar(key, true));

  const flowList = (list) => "[" + list.map((v) => scalar(v, true)).join(", ") + "]";
  const flowMap = (map) =>
    "{" + Object.entries(map).map(([k, v]) => `${keyText(k)}: ${scalar(v, true)}`).join(", ") + "}";

  class Writer {
    /* `keys`: {model: [...], items: {results: [...], ...}, flowItems: [...]}: the
       order of keys and the lists written one item per line as `- {...}`. */
    constructor(keys) {
      this.keys = keys || { model: [], items: {}, flowItems: [] };
    }

    order(path) {
      if (!path.length) return this.keys.model || [];
      return (this.keys.items || {})[path[path.length - 1]] || [];
    }

    sorted(map, path) {
      const order = this.order(path);
      const keys = Object.keys(map);
      const rank = (k) => (order.includes(k) ? order.indexOf(k) : order.length);
      const years = keys.every((k) => /^\d+$/.test(k));
      return keys.sort((a, b) => (years ? Number(a) - Number(b) : rank(a) - rank(b)));
    }

    // `key: value` as lines; `lead` the first line's text before the key.
    entry(lead, key, value, col, path) {
      const pad = " ".repeat(col);
      if (isScalar(value)) return [`${lead}${keyText(key)}: ${scalar(value)}`];
      if (Array.isArray(value)) {
        if (value.every(isScalar)) return [`${lead}${keyText(key)}: ${flowList(value)}`];
        const flat = (this.keys.flowItems || []).includes(key);
        const lines = [`${lead}${keyText(key)}:`];
        for (const item of value) lines.push(...this.item(`${pad}  - `, item, col + 4, [...path, key], flat));
        return lines;
      }
      const lines = [`${lead}${keyText(key)}:`];
      for (const k of this.sorted(value, [...path, key]))
        lines.push(...this.entry(`${pad}  `, k, value[k], col + 2, [...path, key]));
      return lines;
    }

    item(lead, item, col, path, flat) {
      if (isScalar(item)) return [lead + scalar(item)];
      if (Array.isArray(item)) return [lead + flowList(item)];
      const keys = this.sorted(item, path);
      if (flat && keys.every((k) => isScalar(item[k]))) {
        const ordered = {};
        for (const k of keys) ordered[k] = item[k];
        return [lead + flowMap(ordered)];
      }
      const lines = [];
      keys.forEach((k, i) => lines.push(...this.entry(i ? " ".repeat(col) : lead, k, item[k], col, path)));
      return lines;
    }

    fresh(data) {
      const lines = [];
      for (const key of this.sorted(data, [])) lines.push(...this.entry("", key, data[key], 0, []));
      return lines;
    }

    // The lines of a map node with `value` in place of its own, its other lines kept.
    map(lines, node, value, path) {
      const out = [];
      const old = node.value;
      const order = this.sorted({ ...old, ...value }, path);
      const added = order.filter((k) => k in value && !(k in old));
      const place = (k) => {
        // Just after the nearest key before it (in the file's order of keys) that the file has.
        const before = order.slice(0, order.indexOf(k)).filter((o) => o in old);
        return before.length ? before[before.length - 1] : null;
      };
      const years = Object.keys({ ...old, ...value }).every((k) => /^\d+$/.test(k));
      const after = {};
      const first = [];
      for (const k of added) {
        let where = place(k);
        if (years) {
          const earlier = Object.keys(old).filter((o) => Number(o) < Number(k));
          where = earlier.length ? earlier.reduce((a, b) => (Number(a) > Number(b) ? a : b)) : null;
        }
        if (where === null) first.push(k);
        else (after[where] = after[where] || []).push(k);
      }
      const fresh = (k) => this.entry(" ".repeat(node.col), k, value[k], node.col, path);
      node.entries.forEach((entry, index) => {
        const gapStart = index ? node.entries[index - 1].last + 1 : entry.first;
        out.push(...lines.slice(gapStart, entry.first));
        if (index === 0) for (const k of first) out.push(...fresh(k));
        const k = entry.key;
        const own = lines.slice(entry.first, entry.last + 1);
        if (!(k in value)) {
          if (isEmpty(old[k])) out.push(...own); // empty in the file and in the form: left alone
        } else if (equal(old[k], value[k])) out.push(...own);
        else out.push(...this.changed(lines, entry, value[k], [...path, k]));
        for (const a of after[k] || []) out.push(...fresh(a));
      });
      return out;
    }

    // An entry whose value changed: its own lines, as little of them as possible.
    changed(lines, entry, value, path) {
      const node = entry.node;
      const lead = lines[entry.first].slice(0, entry.col);
      const keyLine = lines[entry.first];
      const key = path[path.length - 1];
      const between = lines.slice(entry.first + 1, node.first); // comments above the first item
      if (!node.flow && node.kind === "map" && node.entries.length && !isScalar(value) && !Array.isArray(value))
        return [keyLine, ...between, ...this.map(lines, node, value, path)];
      if (!node.flow && node.kind === "seq" && node.items.length && Array.isArray(value))
        return [keyLine, ...between, ...this.seq(lines, node, value, path)];
      if (node.flow && !isScalar(value) && Object.values(value).every(isScalar)) {
        // A list or mapping written on one line stays on one line.
        const map = {};
        if (!Array.isArray(value)) for (const k of this.sorted(value, path)) map[k] = value[k];
        const line = `${lead}${keyText(key)}: ${Array.isArray(value) ? flowList(value) : flowMap(map)}`;
        const comment = keyLine.slice(node.end);
        return [entry.first === entry.last && /^ +#/.test(comment) ? line + comment : line];
      }
      const written = this.entry(lead, key, value, entry.col, path.slice(0, -1));
      if (written.length === 1 && entry.first === entry.last && node.end !== undefined) {
        const comment = keyLine.slice(node.end);
        if (/^ +#/.test(comment)) written[0] += comment; // a note after the value stays
      }
      return written;
    }

    seq(lines, node, value, path) {
      const old = node.value;
      // Items left as they were: the longest common run of equal items.
      const m = old.length;
      const n = value.length;
      const table = Array.from({ length: m + 1 }, () => new Array(n + 1).fill(0));
      for (let i = m - 1; i >= 0; i--)
        for (let j = n - 1; j >= 0; j--)
          table[i][j] = equal(old[i], value[j]) ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
      const out = [];
      const dash = node.items[0].col;
      // New items written as the list's first one is.
      const flat = node.items[0].node.kind === "map" ? !!node.items[0].node.flow : (this.keys.flowItems || []).includes(path[path.length - 1]);
      const itemLines = (k) => {
        const it = node.items[k];
        const gapStart = k ? node.items[k - 1].last + 1 : it.first;
        return { gap: lines.slice(gapStart, it.first), own: lines.slice(it.first, it.last + 1) };
      };
      const write = (item) => this.item(" ".repeat(dash) + "- ", item, dash + 2, path, flat);
      const edit = (k, item) => {
        const it = node.items[k].node;
        if (it.kind === "map" && !it.flow && !isScalar(item) && !Array.isArray(item)) {
          // Only the item's changed keys, if its first line (with the `- `) stays first.
          const lead = lines[it.first].slice(0, it.col);
          const kept = it.entries[0].key in item ? this.map(lines, it, item, path) : [];
          if (kept.length && kept[0].startsWith(lead)) return kept;
        }
        return write(item);
      };
      let i = 0;
      let j = 0;
      while (i < m || j < n) {
        if (i < m && j < n && equal(old[i], value[j])) {
          const part = itemLines(i);
          out.push(...part.gap, ...part.own);
          i++;
          j++;
        } else if (i < m && j < n && table[i + 1][j + 1] === table[i][j]) {
          // Both changed here: the item was edited.
          out.push(...itemLines(i).gap, ...edit(i, value[j]));
          i++;
          j++;
        } else if (j < n && (i === m || table[i][j + 1] >= table[i + 1][j])) {
          out.push(...write(value[j]));
          j++;
        } else {
          i++; // an item removed
        }
      }
      return out;
    }

    /* The file's new text: `raw` ("" for a new file) with `data` in place of its data. */
    write(raw, data, markdown = true) {
      const content = clean(Object.assign({}, data));
      const newBody = markdown ? String(data.body || "") : "";
      if (markdown) delete content.body;
      let parts;
      let old = null;
      if (raw) {
        parts = split(raw, markdown);
        old = new Reader(parts.yaml).document();
      }
      if (!raw && content.draft === false) delete content.draft; // new: published unless said
      if (old && content.draft === false && !("draft" in old.value)) delete content.draft;
      const candidates = [];
      if (old) {
        const yaml = parts.yaml.endsWith("\n") ? parts.yaml.slice(0, -1) : parts.yaml;
        const lines = yaml === "" ? [] : yaml.split("\n");
        const kept = old.entries.length ? this.map(lines, old, content, []) : this.fresh(content);
        const before = lines.slice(0, old.entries.length ? old.first : 0);
        const afterLines = lines.slice(old.entries.length ? old.last + 1 : 0);
        candidates.push([...before, ...kept, ...afterLines].join("\n") + "\n");
      }
      candidates.push(this.fresh(content).map((l) => l + "\n").join(""));
      for (const yaml of candidates) {
        let back;
        try {
          back = new Reader(yaml).document().value;
        } catch (error) {
          continue;
        }
        if (equal(clean(back), content)) return this.assemble(parts, yaml, newBody, markdown);
      }
      throw new Error("không ghi được dữ liệu của biểu mẫu thành tệp mà đọc lại đúng như vậy.");
    }

    assemble(parts, yaml, newBody, markdown) {
      let out;
      if (!markdown) out = yaml;
      else if (parts) {
        const was = body(parts.tail);
        const tail =
          newBody === was.text
            ? parts.tail
            : was.fence + (was.gap || "\n") + (newBody.endsWith("\n") ? newBody : newBody + "\n");
        out = parts.head + yaml + tail;
      } else {
        const text = newBody.replace(/^\n+/, "");
        out = "---\n" + yaml + "---\n\n" + (text.endsWith("\n") || !text ? text : text + "\n");
      }
      if (parts && parts.crlf) out = out.replace(/\n/g, "\r\n");
      return (parts ? parts.bom : "") + out;
    }
  }

  return { read, Writer, Refused, scalar, clean, equal, resolve };
});
