// The script URLs a page's HTML loads, read without a DOM (the benchmark measures their size).

/** Script URLs a module-capable browser loads on first load, as the HTML names them (deduped, in order). */
export function scriptsInHtml(html: string, pageUrl: string): string[] {
  const found: string[] = [];
  const add = (src: string) => {
    const url = new URL(decodeEntities(src), pageUrl).toString();
    if (!found.includes(url)) found.push(url);
  };
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = attr(tag, "src");
    if (src && !/\snomodule\b/i.test(tag)) add(src);
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = (attr(tag, "rel") ?? "").toLowerCase().split(/\s+/);
    const href = attr(tag, "href");
    if (!href) continue;
    if (rel.includes("modulepreload") || (rel.includes("preload") && (attr(tag, "as") ?? "").toLowerCase() === "script")) add(href);
  }
  // Chunks named in the inline Flight payload (JSON-escaped inside self.__next_f.push strings):
  // only inline scripts are read, so a nomodule <script src> is not picked up again here.
  for (const [, body] of html.matchAll(/<script\b(?![^>]*\ssrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    for (const [, src] of body.matchAll(/\\?"(\/_next\/static\/[^"\\]+?\.js)\\?"/g)) add(src);
  }
  return found;
}

function attr(tag: string, name: string): string | undefined {
  // A group that did not take part in the match is undefined (the lib types say string).
  const m: (string | undefined)[] | null = tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i"));
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}
