//! The handbook as a tagged PDF (PDF/UA-1), typeset with Typst used as a library.
//!
//! Markdown is translated into Typst markup here, with every piece of author text inserted as a
//! Typst string literal, so nothing an author writes is ever evaluated as Typst code. The fonts
//! are the ones bundled with Typst, so rendering needs no system fonts and no network.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// What to print.
#[derive(Debug, Clone)]
pub struct Book {
    pub title: String,
    /// Publisher, edition and date, printed on the title page.
    pub subtitle: String,
    pub licence: String,
    pub contents_title: String,
    pub unchecked_title: String,
    pub chapters: Vec<BookChapter>,
    /// (chapter title, claim) pairs for the closing list of facts not yet checked.
    pub unchecked: Vec<(String, String)>,
    /// Images the chapters may show, by file name (`![alt](../filer/NAME)` in Markdown).
    pub images: HashMap<String, Vec<u8>>,
}

#[derive(Debug, Clone)]
pub struct BookChapter {
    pub title: String,
    pub markdown: String,
}

/// A Typst string literal holding `text`: how author text enters the document.
pub(crate) fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text in markup position.
pub(crate) fn text(text: &str) -> String {
    format!("#{}", literal(text))
}

enum Container {
    List {
        ordered: bool,
        items: Vec<String>,
    },
    Table {
        columns: usize,
        cells: Vec<String>,
        header_cells: usize,
    },
}

/// Translates a chapter body from Markdown to Typst markup; headings move one level down so the
/// chapter title is the only first-level heading.
pub fn markdown_to_typst(markdown: &str, images: &HashMap<String, Vec<u8>>) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    // Each open inline or block element writes into its own buffer, closed when it ends.
    let mut buffers: Vec<String> = vec![String::new()];
    let mut containers: Vec<Container> = Vec::new();
    let mut in_table_head = false;
    let mut link_targets: Vec<String> = Vec::new();
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::BlockQuote(_)
                | Tag::Item
                | Tag::TableCell
                | Tag::CodeBlock(_) => buffers.push(String::new()),
                Tag::Link { dest_url, .. } => {
                    link_targets.push(dest_url.to_string());
                    buffers.push(String::new());
                }
                Tag::Image { dest_url, .. } => {
                    link_targets.push(dest_url.to_string());
                    buffers.push(String::new());
                }
                Tag::List(first) => containers.push(Container::List {
                    ordered: first.is_some(),
                    items: Vec::new(),
                }),
                Tag::Table(alignments) => containers.push(Container::Table {
                    columns: alignments.len(),
                    cells: Vec::new(),
                    header_cells: 0,
                }),
                Tag::TableHead => in_table_head = true,
                _ => {}
            },
            Event::End(end) => {
                let content = match end {
                    TagEnd::List(_) | TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow => {
                        String::new()
                    }
                    _ => buffers.pop().unwrap_or_default(),
                };
                let out = match end {
                    TagEnd::Paragraph => format!("{content}\n\n"),
                    TagEnd::Heading(level) => {
                        let marks = match level {
                            HeadingLevel::H1 | HeadingLevel::H2 => "==",
                            HeadingLevel::H3 => "===",
                            _ => "====",
                        };
                        format!("\n{marks} {content}\n\n")
                    }
                    TagEnd::Emphasis => format!("#emph[{content}]"),
                    TagEnd::Strong => format!("#strong[{content}]"),
                    TagEnd::Strikethrough => format!("#strike[{content}]"),
                    TagEnd::BlockQuote(_) => format!("#quote(block: true)[{content}]\n\n"),
                    TagEnd::CodeBlock => format!("#raw(block: true, {})\n\n", literal(&content)),
                    TagEnd::Link => {
                        let target = link_targets.pop().unwrap_or_default();
                        if target.starts_with("http://")
                            || target.starts_with("https://")
                            || target.starts_with("mailto:")
                        {
                            format!("#link({})[{content}]", literal(&target))
                        } else {
                            content
                        }
                    }
                    TagEnd::Image => {
                        let target = link_targets.pop().unwrap_or_default();
                        let name = target.rsplit('/').next().unwrap_or_default();
                        if target.contains("filer/") && images.contains_key(name) {
                            // The alt text is plain: markup inside it would be escaped twice.
                            let alt = content.replace("#\"", "").replace('"', "");
                            format!(
                                "#figure(image({}, alt: {}, width: 80%))",
                                literal(name),
                                literal(&alt)
                            )
                        } else {
                            content
                        }
                    }
                    TagEnd::Item => {
                        if let Some(Container::List { items, .. }) = containers.last_mut() {
                            items.push(content.trim_end().to_string());
                        }
                        String::new()
                    }
                    TagEnd::List(_) => match containers.pop() {
                        Some(Container::List { ordered, items }) => {
                            let function = if ordered { "enum" } else { "list" };
                            let items: Vec<String> =
                                items.iter().map(|i| format!("[{i}]")).collect();
                            format!("#{function}({})\n\n", items.join(", "))
                        }
                        _ => String::new(),
                    },
                    TagEnd::TableCell => {
                        if let Some(Container::Table {
                            cells,
                            header_cells,
                            ..
                        }) = containers.last_mut()
                        {
                            cells.push(content);
                            if in_table_head {
                                *header_cells += 1;
                            }
                        }
                        String::new()
                    }
                    TagEnd::TableHead => {
                        in_table_head = false;
                        String::new()
                    }
                    TagEnd::Table => match containers.pop() {
                        Some(Container::Table {
                            columns,
                            cells,
                            header_cells,
                        }) => {
                            let columns = columns.max(1);
                            let head: Vec<String> = cells
                                .iter()
                                .take(header_cells)
                                .map(|c| format!("[#strong[{c}]]"))
                                .collect();
                            let body: Vec<String> = cells
                                .iter()
                                .skip(header_cells)
                                .map(|c| format!("[{c}]"))
                                .collect();
                            // Equal shares of the text width, smaller type in wide tables and
                            // hyphenation, so a long Swedish compound in a narrow header cell
                            // breaks inside its cell instead of running over the border.
                            let (size, header_size) = if columns > 5 {
                                ("8pt", "7.5pt")
                            } else {
                                ("10pt", "9.5pt")
                            };
                            format!(
                                "#block[#set text(size: {size}, hyphenate: true)\n#show table.cell.where(y: 0): set text(size: {header_size})\n#table(columns: (1fr,) * {columns}, stroke: 0.5pt + luma(120), inset: 4pt, table.header({}), {})]\n\n",
                                head.join(", "),
                                body.join(", ")
                            )
                        }
                        _ => String::new(),
                    },
                    _ => String::new(),
                };
                if let Some(buffer) = buffers.last_mut() {
                    buffer.push_str(&out);
                }
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                if let Some(buffer) = buffers.last_mut() {
                    buffer.push_str(&text(&t));
                }
            }
            Event::Code(code) => {
                if let Some(buffer) = buffers.last_mut() {
                    buffer.push_str(&format!("#raw({})", literal(&code)));
                }
            }
            Event::SoftBreak => {
                if let Some(buffer) = buffers.last_mut() {
                    buffer.push(' ');
                }
            }
            Event::HardBreak => {
                if let Some(buffer) = buffers.last_mut() {
                    buffer.push_str("#linebreak()");
                }
            }
            Event::Rule => {
                if let Some(buffer) = buffers.last_mut() {
                    buffer.push_str("#line(length: 100%)\n\n");
                }
            }
            Event::TaskListMarker(done) => {
                if let Some(buffer) = buffers.last_mut() {
                    // Drawn, not a font glyph, so the box prints whatever fonts are bundled.
                    buffer.push_str(if done {
                        "#box(width: 0.8em, height: 0.8em, stroke: 0.6pt, fill: luma(90), baseline: 0.1em) "
                    } else {
                        "#box(width: 0.8em, height: 0.8em, stroke: 0.6pt, baseline: 0.1em) "
                    });
                }
            }
            _ => {}
        }
    }
    buffers.into_iter().collect()
}

/// The complete Typst document for a book.
pub fn document(book: &Book) -> String {
    let mut doc = String::new();
    doc.push_str(&format!(
        "#set document(title: {}, author: \"Stegvis\")\n\
         #set text(lang: \"sv\", region: \"SE\", size: 11pt, font: \"Libertinus Serif\")\n\
         #set par(justify: false, leading: 0.7em)\n\
         #set page(paper: \"a4\", margin: (x: 2.4cm, top: 2.6cm, bottom: 2.4cm), numbering: \"1\",\n\
           header: context {{\n\
             if counter(page).get().first() > 2 {{\n\
               let chapters = heading.where(level: 1, outlined: true)\n\
               let here-page = here().page()\n\
               let on-page = query(chapters).filter(h => h.location().page() == here-page)\n\
               let before = query(chapters.before(here()))\n\
               set text(size: 9pt, fill: luma(80))\n\
               {}\n\
               h(1fr)\n\
               if on-page.len() > 0 {{ on-page.first().body }} else if before.len() > 0 {{ before.last().body }}\n\
             }}\n\
           }})\n\
         #show heading.where(level: 1): it => {{ pagebreak(weak: true); v(1cm); text(size: 20pt, it) ; v(0.5cm) }}\n\
         #show heading.where(level: 2): set text(size: 14pt)\n\
         #show link: underline\n",
        literal(&book.title),
        literal(&book.title),
    ));
    doc.push_str(&format!(
        "#page(numbering: none, header: none)[\n#v(5cm)\n#align(center)[#text(size: 26pt, weight: \"bold\")[{}]\n#v(1cm)\n#text(size: 14pt)[{}]]\n#v(1fr)\n#text(size: 9pt)[{}]\n]\n",
        text(&book.title),
        text(&book.subtitle),
        text(&book.licence),
    ));
    doc.push_str(&format!(
        "#outline(title: {}, depth: 1)\n#pagebreak()\n",
        literal(&book.contents_title)
    ));
    for chapter in &book.chapters {
        doc.push_str(&format!("\n= {}\n\n", text(&chapter.title)));
        doc.push_str(&markdown_to_typst(&chapter.markdown, &book.images));
    }
    if !book.unchecked.is_empty() {
        doc.push_str(&format!("\n= {}\n\n", text(&book.unchecked_title)));
        let items: Vec<String> = book
            .unchecked
            .iter()
            .map(|(chapter, claim)| format!("[#strong[{}:] {}]", text(chapter), text(claim)))
            .collect();
        doc.push_str(&format!("#list({})\n", items.join(", ")));
    }
    doc
}

struct BookWorld<'a> {
    source: Source,
    images: &'a HashMap<String, Vec<u8>>,
}

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    library: LazyHash<Library>,
}

/// Fonts and the standard library are parsed once per process.
fn shared() -> &'static Fonts {
    static SHARED: OnceLock<Fonts> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        Fonts {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            library: LazyHash::new(Library::default()),
        }
    })
}

impl World for BookWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }

    fn main(&self) -> FileId {
        self.source.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.source.id() {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    /// Only the handbook's own images can be read; nothing from the disk or the network.
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.images
            .get(id.vpath().get_without_slash())
            .map(|bytes| Bytes::new(bytes.clone()))
            .ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    /// Reports take every date they print as input, so a document gets no "today" from the
    /// system clock and the same input always gives the same PDF.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// Typesets a book as a tagged PDF conforming to PDF/UA-1.
pub fn render(book: &Book) -> Result<Vec<u8>, String> {
    typeset(document(book), &book.images)
}

/// Typesets a complete Typst document, which may read only `images`, as a tagged PDF
/// conforming to PDF/UA-1; shared by every PDF report so all use the same fonts and checks.
pub(crate) fn typeset(
    source: String,
    images: &HashMap<String, Vec<u8>>,
) -> Result<Vec<u8>, String> {
    let world = BookWorld {
        source: Source::detached(source),
        images,
    };
    let compiled = typst::compile::<PagedDocument>(&world).output;
    // Typst memoises across compilations; evicting keeps a long-running server's memory flat.
    let result = match compiled {
        Ok(document) => {
            let standards = typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1])
                .map_err(|e| format!("PDF standard: {e:?}"))?;
            let options = typst_pdf::PdfOptions {
                standards,
                ..typst_pdf::PdfOptions::default()
            };
            typst_pdf::pdf(&document, &options).map_err(|errors| {
                errors
                    .iter()
                    .map(|e| e.message.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            })
        }
        Err(errors) => Err(errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; ")),
    };
    comemo::evict(0);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_text_is_inserted_as_string_literals_never_as_code() {
        let typst = markdown_to_typst(
            "Hej #set page(width: 1cm) \"citat\" \\ slut",
            &HashMap::new(),
        );
        assert!(typst.contains("#\"Hej #set page(width: 1cm) \\\"citat\\\" \\\\ slut\""));
    }

    #[test]
    fn headings_lists_tables_and_links_are_translated() {
        let typst = markdown_to_typst(
            "## Rubrik\n\n- ett\n- två\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n[Bolagsverket](https://bolagsverket.se)\n",
            &HashMap::new(),
        );
        assert!(typst.contains("== #\"Rubrik\""));
        assert!(typst.contains("#list([#\"ett\"], [#\"två\"])"));
        assert!(typst.contains("#table(columns: (1fr,) * 2"));
        assert!(typst.contains("#link(\"https://bolagsverket.se\")[#\"Bolagsverket\"]"));
    }

    #[test]
    fn wide_tables_use_small_hyphenated_type_so_headers_stay_in_their_cells() {
        let header = "| Månad | Ut: arbetsgivaravgifter | B | C | D | E |\n|---|---|---|---|---|---|\n| jan | 1 | 2 | 3 | 4 | 5 |\n";
        let typst = markdown_to_typst(header, &HashMap::new());
        assert!(typst.contains("#set text(size: 8pt, hyphenate: true)"));
        assert!(typst.contains("#show table.cell.where(y: 0): set text(size: 7.5pt)"));
        assert!(typst.contains("#table(columns: (1fr,) * 6"));
    }

    #[test]
    fn checklist_items_print_as_empty_boxes_to_tick_by_hand() {
        let typst = markdown_to_typst("- [ ] Ring banken\n- [x] Skriv stadgar\n", &HashMap::new());
        assert_eq!(typst.matches("#box(width: 0.8em").count(), 2);
        assert!(typst.contains("stroke: 0.6pt, baseline: 0.1em) #\"Ring banken\""));
    }

    #[test]
    fn only_the_handbooks_own_images_become_images() {
        let mut images = HashMap::new();
        images.insert("logo.png".to_string(), vec![1, 2, 3]);
        let typst = markdown_to_typst(
            "![Vår logga](../filer/logo.png) ![x](https://example.com/a.png)",
            &images,
        );
        assert!(typst.contains("#figure(image(\"logo.png\", alt: \"Vår logga\""));
        assert_eq!(typst.matches("image(").count(), 1);
    }

    #[test]
    fn only_web_and_mail_links_become_links() {
        let typst = markdown_to_typst("[x](javascript:alert(1))", &HashMap::new());
        assert!(!typst.contains("#link"));
    }

    #[test]
    fn a_book_renders_to_a_pdf_with_contents_and_page_numbers() {
        let book = Book {
            title: "Handbok för socialt företagande".into(),
            subtitle: "Västerviks kommun. Utgåva 1.".into(),
            licence: "CC BY 4.0".into(),
            contents_title: "Innehåll".into(),
            unchecked_title: "Uppgifter som inte är kontrollerade".into(),
            chapters: vec![
                BookChapter {
                    title: "Välja företagsform".into(),
                    markdown: "## Ekonomisk förening\n\nMinst **tre** medlemmar.\n\n| Form | Ägare |\n|---|---|\n| AB | Aktieägare |\n".into(),
                },
                BookChapter {
                    title: "Registrering".into(),
                    markdown: "1. Bolagsverket\n2. Skatteverket\n\n- [ ] Ring banken\n- [x] Skriv stadgar\n\n| Månad | In: kunder (inkl. moms) | Ut: arbetsgivaravgifter | Ut: inköp, hyra m.m. | Moms till Skatteverket | Netto | Saldo |\n|---|---|---|---|---|---|---|\n| jan | 0 | 0 | 175 250 | 0 | 75 750 | 75 750 |\n".into(),
                },
            ],
            unchecked: vec![("Registrering".into(), "Avgiften (Bolagsverket)".into())],
            images: HashMap::new(),
        };
        let pdf = render(&book).unwrap();
        if let Ok(path) = std::env::var("STEGVIS_WRITE_TEST_PDF") {
            std::fs::write(path, &pdf).unwrap();
        }
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/StructTreeRoot"), "the PDF is tagged");
        assert!(
            text.contains("/Outlines") || text.contains("Outline"),
            "the PDF has a document outline"
        );
    }
}
