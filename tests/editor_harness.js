// Runs the editor page's own code on requests from tests/editorjs.py (JSON on stdin).
"use strict";
const path = require("path");
const assets = path.join(__dirname, "..", "generator", "site", "assets", "editor");
const frontMatter = require(path.join(assets, "frontmatter.js"));
const inputs = require(path.join(assets, "inputs.js"));

const OPS = {
  read: (r) => frontMatter.read(r.text, r.markdown),
  write: (r) => new frontMatter.Writer(r.keys).write(r.text, r.data, r.markdown),
  scalar: (r) => frontMatter.scalar(r.value, r.flow),
  number: (r) => inputs.parseNumber(r.text),
  format: (r) => inputs.formatNumber(r.value),
  date: (r) => inputs.parseDate(r.text, r.today),
  text: (r) => inputs.checkText(r.value, r.kind, r.max, r.label),
  count: (r) => inputs.countCharacters(r.value),
};

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const answers = JSON.parse(input).map((request) => {
    try {
      return { ok: OPS[request.op](request) };
    } catch (error) {
      return { error: error.message, refused: error instanceof frontMatter.Refused, line: error.line };
    }
  });
  process.stdout.write(JSON.stringify(answers));
});
