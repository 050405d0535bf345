/* The editor page's own part of Decap CMS: fields that take what staff type the
   Vietnamese way, the project's file format, no upload outside an entry, texts in
   Vietnamese; then it starts the CMS (the page sets CMS_MANUAL_INIT).

   Uses only what Decap gives every page for this (CMS.register*, window.h for
   React.createElement, window.createClass) and our frontmatter.js and inputs.js. */
(() => {
  "use strict";
  const CMS = window.CMS;
  const h = window.h;
  const createClass = window.createClass;
  const { read, Writer } = window.dvkFrontMatter;
  const inputs = window.dvkInputs;
  const settings = JSON.parse(document.getElementById("dvk-editor").textContent);
  // The file's own text travels with the form's data (fromFile to toFile), so that the
  // file is written again from it; and why it could not be read, if so.
  const SOURCE = "_dvk_source";
  const PROBLEM = "_dvk_problem";

  // -- texts ---------------------------------------------------------------------------

  const merge = (into, from) => {
    for (const [key, value] of Object.entries(from))
      into[key] = value && typeof value === "object" ? merge(into[key] || {}, value) : value;
    return into;
  };
  if (CMS.getLocale("vi")) CMS.registerLocale("vi", merge(CMS.getLocale("vi"), settings.texts));

  // -- the files -----------------------------------------------------------------------

  const format = (markdown, keys) => {
    const writer = new Writer(keys);
    return {
      fromFile(text) {
        try {
          return Object.assign(read(text, markdown), { [SOURCE]: text });
        } catch (error) {
          return { [SOURCE]: text, [PROBLEM]: error.message };
        }
      },
      toFile(data) {
        const source = data[SOURCE] || "";
        // A file the form could not read is never written from the form (the title
        // field refuses to save it; a draft kept in the browser keeps the file's text).
        if (data[PROBLEM]) return source;
        const own = Object.assign({}, data);
        delete own[SOURCE];
        return writer.write(source, own, markdown);
      },
    };
  };
  CMS.registerCustomFormat("dvk-md", "md", format(true, settings.keys.md));
  CMS.registerCustomFormat("dvk-yml", "yml", format(false, settings.keys.yml));

  // -- fields --------------------------------------------------------------------------

  const invalid = (message) => ({ error: { type: "CUSTOM", message } });
  const labelOf = (field) => field.get("label") || field.get("name");
  const note = (id, text, kind) =>
    h("p", { id, className: "dvk-note" + (kind ? ` dvk-note--${kind}` : ""), "aria-live": "polite" }, text);

  // Values other fields follow (the review years follow the registration date): Decap
  // renders a field again only when its own value changes, so a field says its new value.
  const watched = new Map();
  const watchers = new Set();
  const announce = (name, value) => {
    watched.set(name, value);
    for (const watcher of watchers) watcher();
  };

  // A text field that reads as it is typed and writes a value: a date, a number.
  const typed = ({ parse, show, edit, describe, inputMode, placeholder }) =>
    createClass({
      getInitialState() {
        return { text: edit(this.props.value), focused: false };
      },
      componentDidUpdate(before) {
        if (before.value !== this.props.value && !this.state.focused && this.props.value !== this.state.sent)
          this.setState({ text: edit(this.props.value) });
      },
      isValid() {
        const value = this.props.value;
        if (value === undefined || value === null || value === "") return true;
        const result = parse(String(typeof value === "number" ? edit(value) : value));
        return result.error ? invalid(`${labelOf(this.props.field)}: ${result.error}`) : true;
      },
      change(text) {
        const result = parse(text);
        const value = result.error ? text : result.value === null ? "" : result.value;
        this.setState({ text, sent: value });
        this.props.onChange(value);
        if (!this.props.parentIds || !this.props.parentIds.length) announce(this.props.field.get("name"), value);
      },
      render() {
        const { forID, classNameWrapper, setActiveStyle, setInactiveStyle } = this.props;
        const { text, focused } = this.state;
        const result = parse(text);
        let message = "";
        let kind = "";
        if (text.trim() && !result.error && result.value !== null && result.value !== "")
          message = describe(result.value);
        else if (text.trim() && result.error && !focused) {
          message = result.error;
          kind = "error";
        }
        return h(
          "div",
          { className: "dvk-typed" },
          h("input", {
            id: forID,
            type: "text",
            className: classNameWrapper,
            value: text,
            inputMode,
            placeholder,
            autoComplete: "off",
            "aria-describedby": `${forID}-note`,
            onChange: (event) => this.change(event.target.value),
            onFocus: () => {
              this.setState({ focused: true });
              setActiveStyle();
            },
            onBlur: () => {
              const again = parse(text);
              this.setState({ focused: false, text: again.error ? text : show(again.value, text) });
              setInactiveStyle();
            },
          }),
          note(`${forID}-note`, message, kind),
        );
      },
    });

  CMS.registerWidget(
    "dvk-date",
    typed({
      parse: (text) => inputs.parseDate(text),
      show: (value) => inputs.formatDate(value),
      edit: (value) => inputs.formatDate(value),
      describe: (value) => `Sẽ ghi: ${inputs.spokenDate(value)}.`,
      inputMode: "text",
      placeholder: "ngày/tháng/năm, ví dụ 15/03/2023",
    }),
  );

  CMS.registerWidget(
    "dvk-number",
    typed({
      parse: (text) => inputs.parseNumber(text),
      show: (value) => (value === null ? "" : inputs.editNumber(value)),
      edit: (value) => (typeof value === "number" ? inputs.editNumber(value) : String(value ?? "")),
      describe: (value) => `Trên trang: ${inputs.formatNumber(value)}`,
      inputMode: "decimal",
      placeholder: "ví dụ 1.250 hoặc 3,5",
    }),
  );

  // One-line text and a paragraph: Decap's own fields, with the validator's limits said
  // at the field (which rule, by how many characters).
  const limited = (base, kind) =>
    createClass({
      isValid() {
        const problem = this.props.entry && this.props.entry.getIn(["data", PROBLEM]);
        if (problem && this.props.field.get("name") === "title" && !this.props.parentIds?.length)
          return invalid(unreadable(problem));
        const error = inputs.checkText(
          this.props.value,
          kind,
          this.props.field.get("max_length"),
          labelOf(this.props.field),
        );
        return error ? invalid(error) : true;
      },
      render() {
        const max = this.props.field.get("max_length");
        const value = typeof this.props.value === "string" ? this.props.value : "";
        const count = inputs.countCharacters(value);
        const problem = this.props.entry && this.props.entry.getIn(["data", PROBLEM]);
        const first = problem && this.props.field.get("name") === "title";
        return h(
          "div",
          { className: "dvk-limited" },
          first ? h("p", { className: "dvk-note dvk-note--error", role: "alert" }, unreadable(problem)) : null,
          h(base, this.props),
          // How many characters are left, once the limit is near.
          max && count >= 0.8 * max
            ? note(`${this.props.forID}-count`, `${count}/${max} ký tự`, count > max ? "error" : "")
            : null,
        );
      },
    });
  const unreadable = (problem) =>
    `Biểu mẫu chưa đọc được tệp này (${problem}), nên không lưu được từ đây: hãy sửa tệp trên GitHub.`;
  CMS.registerWidget("dvk-line", limited(CMS.getWidget("string").control, "line"));
  CMS.registerWidget("dvk-summary", limited(CMS.getWidget("text").control, "summary"));

  // Tags: one box each; a comma or Enter starts the next, a pasted list becomes boxes.
  const TagsControl = createClass({
    getInitialState() {
      const value = this.props.value;
      const list = value && value.toArray ? value.toArray() : Array.isArray(value) ? value : value ? [String(value)] : [];
      return { boxes: [...list.map(String), ""] };
    },
    componentDidUpdate() {
      if (this.focusAt !== undefined) {
        const box = this.boxes && this.boxes[this.focusAt];
        if (box) {
          box.focus();
          box.setSelectionRange(box.value.length, box.value.length);
        }
        this.focusAt = undefined;
      }
    },
    isValid() {
      const max = this.props.field.get("max_length");
      for (const tag of this.tags(this.state.boxes)) {
        const error = inputs.checkText(tag, "line", max, `Từ khoá “${tag.slice(0, 20)}”`);
        if (error) return invalid(error);
      }
      return true;
    },
    tags(boxes) {
      const seen = [];
      for (const box of boxes) {
        const tag = box.trim();
        if (tag && !seen.includes(tag)) seen.push(tag);
      }
      return seen;
    },
    update(boxes, focusAt) {
      if (boxes[boxes.length - 1] !== "") boxes.push("");
      this.focusAt = focusAt;
      this.setState({ boxes });
      const list = this.tags(boxes);
      const empty = this.props.entry.get("data").clear().toList();
      this.props.onChange(empty.push(...list));
    },
    type(index, typed) {
      const boxes = [...this.state.boxes];
      const text = typed.replace(/^\s+/, ""); // the space after a comma starts no tag
      const parts = text.split(/[,;\n]/);
      if (parts.length === 1) {
        boxes[index] = text;
        this.update(boxes);
        return;
      }
      const pieces = parts.map((p, i) => (i ? p.trimStart() : p));
      boxes.splice(index, 1, ...pieces);
      this.update(boxes, index + pieces.length - 1);
    },
    key(index, event) {
      if (event.key === "Enter") {
        event.preventDefault();
        const boxes = [...this.state.boxes];
        if (boxes[index].trim() === "") return;
        if (index === boxes.length - 1) boxes.push("");
        this.update(boxes, index + 1);
      } else if (event.key === "Backspace" && this.state.boxes[index] === "" && index > 0) {
        event.preventDefault();
        const boxes = [...this.state.boxes];
        boxes.splice(index, 1);
        this.update(boxes, index - 1);
      }
    },
    remove(index) {
      const boxes = [...this.state.boxes];
      boxes.splice(index, 1);
      this.update(boxes, Math.min(index, boxes.length - 1));
    },
    render() {
      const { forID, setActiveStyle, setInactiveStyle } = this.props;
      this.boxes = [];
      const boxes = this.state.boxes;
      return h(
        "ul",
        { className: "dvk-tags", id: forID, "aria-label": labelOf(this.props.field) },
        boxes.map((text, index) => {
          const last = index === boxes.length - 1;
          return h(
            "li",
            { key: index, className: "dvk-tags__item" },
            h("input", {
              id: `${forID}-${index}`,
              type: "text",
              value: text,
              autoComplete: "off",
              placeholder: last ? (index ? "Thêm từ khoá" : "Từ khoá, ví dụ chiếu sáng") : "",
              "aria-label": last ? "Từ khoá mới" : `Từ khoá ${index + 1}`,
              ref: (box) => (this.boxes[index] = box),
              onChange: (event) => this.type(index, event.target.value),
              onKeyDown: (event) => this.key(index, event),
              onFocus: setActiveStyle,
              onBlur: setInactiveStyle,
            }),
            last
              ? null
              : h(
                  "button",
                  {
                    type: "button",
                    className: "dvk-tags__remove",
                    "aria-label": `Bỏ từ khoá “${text.trim()}”`,
                    onClick: () => this.remove(index),
                  },
                  "×",
                ),
          );
        }),
      );
    },
  });
  CMS.registerWidget("dvk-tags", TagsControl);

  // Review years: one row for each year the model ran, from the year it registered.
  const ReviewsControl = createClass({
    getInitialState() {
      // This entry's dates, not those of one open before.
      const data = this.props.entry.get("data");
      for (const option of ["since", "until"]) {
        const name = this.props.field.get(option);
        watched.set(name, data.get(name));
      }
      return {};
    },
    componentDidMount() {
      this.follow = () => this.forceUpdate();
      watchers.add(this.follow);
    },
    componentWillUnmount() {
      watchers.delete(this.follow);
    },
    years() {
      const year = (option) => {
        const name = this.props.field.get(option);
        const value = watched.has(name) ? watched.get(name) : this.props.entry.getIn(["data", name]);
        const match = /^(\d{4})-\d{2}-\d{2}$/.exec(String(value || ""));
        return match ? Number(match[1]) : null;
      };
      const now = Number(inputs.vietnamToday().slice(0, 4));
      const first = year("since");
      const last = Math.min(year("until") || now, now);
      const years = [];
      if (first !== null) for (let y = first; y <= last; y++) years.push(y);
      return { first, last, years };
    },
    entries() {
      const value = this.props.value;
      if (!value || !value.entrySeq) return [];
      return value.entrySeq().toArray().map(([year, result]) => [Number(year), result]);
    },
    isValid() {
      const { first } = this.years();
      const now = Number(inputs.vietnamToday().slice(0, 4));
      for (const [year, result] of this.entries()) {
        if (!result) continue;
        if (first !== null && year < first)
          return invalid(`Năm bình xét ${year} trước năm đăng ký (${first}): hãy chọn “Chưa bình xét” cho năm ${year}, hoặc sửa ngày đăng ký.`);
        if (year > now) return invalid(`Năm bình xét ${year} chưa đến.`);
      }
      return true;
    },
    choose(year, result) {
      const value = this.props.value && this.props.value.set ? this.props.value : this.props.entry.get("data").clear();
      this.props.onChange(result ? value.set(String(year), result) : value.delete(String(year)));
    },
    render() {
      const { forID } = this.props;
      const { first, years } = this.years();
      const options = this.props.field.get("options").toJS();
      const chosen = new Map(this.entries());
      if (first === null && !chosen.size)
        return h("p", { id: forID, className: "dvk-note" }, "Ghi ngày đăng ký ở trên trước; các năm bình xét hiện ra từ năm đăng ký đến nay.");
      const row = (year) =>
        h(
          "li",
          { key: year, className: "dvk-years__row" + (years.includes(year) ? "" : " dvk-years__row--outside") },
          h("label", { htmlFor: `${forID}-${year}` }, `Năm ${year}`),
          h(
            "select",
            {
              id: `${forID}-${year}`,
              value: chosen.get(year) || "",
              onChange: (event) => this.choose(year, event.target.value),
            },
            h("option", { value: "" }, "Chưa bình xét"),
            options.map((o) => h("option", { key: o.value, value: o.value }, o.label)),
          ),
        );
      const shown = [...new Set([...years, ...chosen.keys()])].sort((a, b) => a - b);
      return h("ul", { className: "dvk-years", id: forID }, shown.map(row));
    },
  });
  CMS.registerWidget("dvk-reviews", ReviewsControl);

  // An image: chosen from the computer, saved with the entry on its own branch (the
  // CMS's media library is replaced by none below: nothing is uploaded outside).
  const fold = (text) =>
    text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  const ImageControl = createClass({
    getInitialState() {
      return { error: "", busy: false };
    },
    shouldComponentUpdate(next, state) {
      // Again when the picture has loaded (a new getAsset), as Decap's image field does.
      if (state && state !== this.state) return true;
      return this.props.value !== next.value || this.props.getAsset !== next.getAsset;
    },
    async choose(file) {
      if (!file) return;
      const field = this.props.field;
      const suffixes = field.get("suffixes").toJS();
      const dot = file.name.lastIndexOf(".");
      const suffix = dot >= 0 ? file.name.slice(dot).toLowerCase() : "";
      const maxBytes = field.get("max_bytes");
      if (!suffixes.includes(suffix)) {
        this.setState({ error: `“${file.name}” không phải ảnh ${suffixes.join(", ")}; sơ đồ hãy lưu thành .png, ảnh chụp .jpg.` });
        return;
      }
      if (file.size > maxBytes) {
        const mb = (n) => (n / 1048576).toFixed(1).replace(".", ",");
        this.setState({ error: `Ảnh nặng ${mb(file.size)} MB; hãy nén xuống dưới ${mb(maxBytes)} MB để trang tải nhanh trên điện thoại.` });
        return;
      }
      const stem = fold(dot >= 0 ? file.name.slice(0, dot) : file.name).replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "anh";
      // A new name for each image: never the name of a file already there, which the
      // CMS would first delete from the main branch.
      const taken = new Set(
        (this.props.entry.get("mediaFiles") || []).map((f) => String(f.get ? f.get("name") : f.name).toLowerCase()),
      );
      let name = stem + suffix;
      for (let n = 2; taken.has(name); n++) name = `${stem}-${n}${suffix}`;
      this.setState({ error: "", busy: true });
      try {
        await this.props.onPersistMedia(new File([file], name, { type: file.type }), { field });
        this.props.onChange(`${field.get("folder")}/${name}`);
      } finally {
        this.setState({ busy: false });
      }
    },
    render() {
      const { forID, value, field, getAsset } = this.props;
      const { error, busy } = this.state;
      let preview = null;
      if (value) {
        const asset = getAsset(value, field);
        const url = asset && asset.toString();
        preview = h(
          "div",
          { className: "dvk-image__chosen" },
          url ? h("img", { src: url, alt: "" }) : null,
          h("span", { className: "dvk-image__name" }, String(value).split("/").pop()),
        );
      }
      return h(
        "div",
        { className: "dvk-image" },
        preview,
        h(
          "label",
          { className: "dvk-button" },
          h("input", {
            id: forID,
            type: "file",
            className: "dvk-hidden-input",
            accept: field.get("suffixes").toJS().join(","),
            disabled: busy,
            onChange: (event) => this.choose(event.target.files[0]),
          }),
          busy ? "Đang thêm ảnh…" : value ? "Đổi ảnh khác" : "Chọn ảnh trong máy",
        ),
        value
          ? h("button", { type: "button", className: "dvk-button dvk-button--quiet", onClick: () => this.props.onChange("") }, "Bỏ ảnh này")
          : null,
        error ? note(`${forID}-error`, error, "error") : null,
      );
    },
  });
  CMS.registerWidget("dvk-image", ImageControl);

  // No media library: the header's "Tập tin" and its uploads to the main branch go.
  CMS.registerMediaLibrary({
    name: settings.mediaLibrary,
    init: () => ({ show() {}, hide() {}, enableStandalone: () => false }),
  });

  // -- the CMS's requests: commit and pull-request titles, the config -------------------

  let saving = "";
  CMS.registerEventListener({
    name: "preSave",
    handler: ({ entry }) => {
      const data = entry.get("data");
      const name = data.get("name");
      saving = data.get("title") || (name ? `${name} (${data.get("locality") || ""})` : "");
    },
  });
  CMS.registerEventListener({ name: "postSave", handler: () => void (saving = "") });
  // Decap's titles name the file; the page's requests (to GitHub, or decap-server on
  // this machine) get the title instead, and a pull request's text in Vietnamese.
  const TITLED = /((?:Thêm|Sửa) (?:mô hình|đơn vị) “)[^”"\\]*(”)/g;
  const BODY = "Automatically generated by Decap CMS";
  const CONFIG = new URL("config.yml", location.href).href;
  const fetch = window.fetch;
  window.fetch = function (resource, init) {
    const body = init && typeof init.body === "string" ? init.body : "";
    if (body.includes(BODY) || (saving && body.search(TITLED) >= 0)) {
      const title = JSON.stringify(saving).slice(1, -1);
      let changed = body.split(BODY).join("Đề xuất tạo từ trang Soạn mô hình.");
      if (saving) changed = changed.replace(TITLED, (_, before, after) => before + title + after);
      init = Object.assign({}, init, { body: changed });
    }
    const answer = fetch.call(this, resource, init);
    if (String(resource) !== CONFIG) return answer;
    // config.yml is YAML whatever the server calls it (`mkdocs serve` says
    // application/octet-stream), which Decap would otherwise ignore.
    return answer.then(async (response) =>
      response.ok && !/yaml/.test(response.headers.get("Content-Type") || "")
        ? new Response(await response.text(), { status: 200, headers: { "Content-Type": "text/yaml" } })
        : response,
    );
  };

  // -- the sign-in page names the site -------------------------------------------------

  const signIn = new MutationObserver(() => {
    const page = document.querySelector('[class*="StyledAuthenticationPage"]');
    if (page && !page.querySelector(".dvk-sign-in")) {
      const title = document.createElement("div");
      title.className = "dvk-sign-in";
      const heading = document.createElement("h1");
      heading.textContent = "Soạn mô hình";
      title.append(heading);
      if (settings.site) {
        const site = document.createElement("p");
        site.textContent = settings.site;
        title.append(site);
      }
      page.prepend(title);
    }
  });
  signIn.observe(document.body, { childList: true, subtree: true });

  // -- start: on this machine, decap-server's port from the address (?decap=8082) ------

  const port = new URLSearchParams(location.search).get("decap");
  const local = /^\d{2,5}$/.test(port || "")
    ? { local_backend: { url: `http://${location.hostname}:${port}/api/v1` } }
    : {};
  CMS.init({ config: local });
})();
