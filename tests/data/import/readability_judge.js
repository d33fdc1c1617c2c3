// The independent judge of "main content" for tests/test_import.py: Mozilla Readability's extraction of
// each saved page, written next to it as NAME.readability-expected.html. Not run by the tests (its output
// is committed); run once with @mozilla/readability 0.6.0 and jsdom 29.1.1 installed outside the project:
//   npm install --prefix /tmp/rd @mozilla/readability jsdom
//   NODE_PATH=/tmp/rd/node_modules node tests/data/import/readability_judge.js tests/data/import/nci-*.html
const fs = require("fs");
const { JSDOM } = require("jsdom");
const { Readability } = require("@mozilla/readability");
for (const file of process.argv.slice(2).filter((f) => !f.endsWith(".readability-expected.html"))) {
  const dom = new JSDOM(fs.readFileSync(file, "utf8"), { url: "https://www.cancer.gov/" });
  const article = new Readability(dom.window.document).parse();
  fs.writeFileSync(file.replace(/\.html$/, ".readability-expected.html"), article.content + "\n");
  console.log(file, article.title, article.length);
}
