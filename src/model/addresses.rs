//! Every address the site has, from the model and the URL scheme (`urls`): the pages of both
//! languages and the files, for the link resolver and `cnht check`.

use super::urls::*;
use super::Model;
use std::collections::HashSet;

impl Model {
    /// Every page of the site (language-free addresses), in a stable order: the home page, the
    /// sections with every page of their listings, every record, facet, programme and free page,
    /// search, statistics, the handbook page.
    pub fn page_addresses(&self) -> Vec<String> {
        let per = self.site().per_page;
        let mut v = vec![HOME.to_owned()];
        let listing = |base: &str, items: usize, v: &mut Vec<String>| {
            v.extend((1..=page_count(items, per)).map(|n| paginated(base, n)));
        };
        listing(ENTERPRISES, self.enterprises().len(), &mut v);
        v.extend(self.enterprises().iter().map(|e| enterprise(&e.slug)));
        v.push(SECTORS.to_owned());
        for s in &self.site().sectors {
            listing(&sector(&s.key), self.in_sector(&s.key).len(), &mut v);
        }
        v.push(DISTRICTS.to_owned());
        for d in self.districts() {
            listing(&district(&d.slug), self.in_district(&d.slug).len(), &mut v);
        }
        v.push(CERTIFICATIONS.to_owned());
        for c in self.certifications() {
            listing(&certification(&c.slug), c.enterprises.len(), &mut v);
        }
        v.push(PARKS.to_owned());
        for p in self.parks() {
            listing(&park(&p.slug), self.in_park(&p.slug).len(), &mut v);
        }
        v.push(STATS.to_owned());
        v.push(SOURCES.to_owned());
        v.push(POLICIES.to_owned());
        v.extend(self.policies().iter().map(|p| policy(&p.slug)));
        listing(MARKET, self.market().len(), &mut v);
        v.extend(self.market().iter().map(|a| market(&a.slug)));
        listing(NEWS, self.news().len(), &mut v);
        v.extend(self.news().iter().map(|a| news(&a.slug)));
        v.push(EVENTS.to_owned());
        v.extend(self.events().iter().map(|e| event(&e.slug)));
        v.push(PROGRAMS.to_owned());
        v.extend(self.programs().iter().map(|p| program(p.year)));
        v.extend(self.pages().iter().map(|p| page(&p.slug)));
        v.push(HANDBOOK.to_owned());
        v.push(SEARCH.to_owned());
        v
    }

    /// Every file the site publishes at a fixed address (language-free; feeds exist in each
    /// language): feeds, sitemap, robots.txt, the 404 page, open data, filter data, handbook files, capability sheets.
    /// Processed images and theme files have content-hashed names under [`STATIC`].
    pub fn file_addresses(&self) -> Vec<String> {
        let mut v: Vec<String> = [
            NEWS_FEED,
            POLICIES_FEED,
            SITEMAP,
            ROBOTS,
            NOT_FOUND,
            ENTERPRISES_CSV,
            ENTERPRISES_JSON,
            POLICIES_CSV,
            POLICIES_JSON,
            FILTER_DATA,
            SEARCH_SYNONYMS,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // The directory as CSV in English too (English names, English page addresses).
        v.push(super::Lang::En.url(ENTERPRISES_CSV));
        v.extend((0..cards_files(self.enterprises().len())).map(cards_file));
        for p in self.programs() {
            v.push(tasks_csv(p.year));
            v.push(tasks_json(p.year));
        }
        let edition = &self.site().handbook;
        let (screen, print) = handbook_pdfs(edition.year);
        v.extend([
            screen,
            print,
            format!("{HANDBOOK}{HANDBOOK_README}"),
            format!("{HANDBOOK}{HANDBOOK_PREFLIGHT}"),
        ]);
        if edition.print.binding == super::print::Binding::Perfect {
            v.push(format!("{HANDBOOK}{}", handbook_cover_file(edition.year)));
        }
        v.extend(self.enterprises().iter().map(|e| capability_sheet(&e.slug)));
        v.extend(
            self.events()
                .iter()
                .flat_map(|e| [event_catalogue(&e.slug), event_catalogue_print(&e.slug)]),
        );
        v
    }

    /// Every address of the site, pages and files (language-free), for link checks.
    pub fn addresses(&self) -> HashSet<String> {
        self.page_addresses()
            .into_iter()
            .chain(self.file_addresses())
            .collect()
    }

    /// Whether the site has the (normalised, language-free) address `path`. Files under
    /// [`STATIC`] (theme files, processed images) are taken on trust: the model does not read the
    /// theme.
    pub fn has_address(&self, path: &str) -> bool {
        path.starts_with(STATIC) || self.known_addresses().contains(path)
    }
}
