//! The print PDFs made PDF/X-4 (ISO 15930-7) after Typst exported them: TrimBox and BleedBox on
//! every page, the output intent with its embedded CMYK profile, every image converted to that
//! profile, no annotations, the PDF/X keys in the document information and in XMP metadata, and
//! `/Trapped /False`. The file is rewritten whole, so no RGB object of Typst's survives in it.

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};
use sha2::{Digest, Sha256};

use super::colour::{Converter, OutputIntent};

/// The PDF/X version the print files claim.
pub const PDFX_VERSION: &str = "PDF/X-4";

/// What the document information and XMP metadata say.
pub struct Meta<'a> {
    /// Document title.
    pub title: &'a str,
    /// Author (the publisher), if any.
    pub author: Option<&'a str>,
    /// Creation and modification date, `YYYY-MM-DD` (the edition's fixed date).
    pub date: (i32, u32, u32),
    /// A name unique to this file (the file stem), for its document identifiers.
    pub ident: &'a str,
}

/// The trim of every page, centred in its MediaBox, and the bleed around it, in points.
#[derive(Debug, Clone, Copy)]
pub struct Trim {
    pub width: f64,
    pub height: f64,
    pub bleed: f64,
}

/// Makes the Typst export `pdf` a PDF/X-4 file for `intent`.
pub fn make_pdfx(
    pdf: &[u8],
    trim: Trim,
    intent: &OutputIntent,
    converter: &Converter,
    meta: &Meta,
) -> Result<Vec<u8>, String> {
    let mut doc =
        Document::load_mem(pdf).map_err(|e| format!("cannot read the exported PDF: {e}"))?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for &id in &pages {
        let media = super::pdf::media_box(&doc, id)?;
        let (trim_box, bleed_box) = page_boxes(media, trim)?;
        let page = doc.get_dictionary_mut(id).map_err(|e| e.to_string())?;
        page.set("TrimBox", rect(trim_box));
        page.set("BleedBox", rect(bleed_box));
        // PDF/X forbids annotations inside the bleed; the print file needs none at all.
        page.remove(b"Annots");
    }
    convert_images(&mut doc, converter)?;

    let profile = {
        let mut s = Stream::new(dictionary! { "N" => 4 }, intent.icc.clone());
        s.compress().map_err(|e| e.to_string())?;
        doc.add_object(s)
    };
    let mut output_intent = dictionary! {
        "Type" => "OutputIntent",
        "S" => "GTS_PDFX",
        "OutputConditionIdentifier" => text(&intent.identifier),
        "Info" => text(&intent.description),
        "DestOutputProfile" => profile,
    };
    if let Some(c) = &intent.condition {
        output_intent.set("OutputCondition", text(c));
    }
    if let Some(r) = &intent.registry {
        output_intent.set("RegistryName", text(r));
    }
    let output_intent = doc.add_object(output_intent);

    let (y, mo, d) = meta.date;
    let pdf_date = format!("D:{y:04}{mo:02}{d:02}000000Z");
    let xmp_date = format!("{y:04}-{mo:02}-{d:02}T00:00:00Z");
    let producer = format!(
        "cnht {} (Typst, lopdf, Little CMS)",
        env!("CARGO_PKG_VERSION")
    );
    let document_id = uuid(&format!("document {}", meta.ident));
    let instance_id = uuid(&format!("instance {} {}", meta.ident, meta.title));
    let xmp = xmp(meta, &xmp_date, &producer, &document_id, &instance_id);
    let metadata = doc.add_object(Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp.into_bytes(),
    ));

    let mut info = dictionary! {
        "Title" => text(meta.title),
        "Creator" => text(&producer),
        "Producer" => text(&producer),
        "CreationDate" => Object::string_literal(pdf_date.clone()),
        "ModDate" => Object::string_literal(pdf_date),
        "Trapped" => "False",
        "GTS_PDFXVersion" => Object::string_literal(PDFX_VERSION),
    };
    if let Some(a) = meta.author {
        info.set("Author", text(a));
    }
    let info = doc.add_object(info);
    doc.trailer.set("Info", info);

    let catalog = doc.catalog_mut().map_err(|e| e.to_string())?;
    catalog.set("OutputIntents", vec![Object::Reference(output_intent)]);
    catalog.set("Metadata", metadata);
    // PDF/X-4 is built on PDF 1.6: nothing Typst writes for print needs more.
    catalog.remove(b"Version");
    doc.version = "1.6".to_owned();
    if doc.trailer.get(b"ID").is_err() {
        let id = Object::String(
            Sha256::digest(meta.ident.as_bytes())[..16].to_vec(),
            lopdf::StringFormat::Hexadecimal,
        );
        doc.trailer.set("ID", vec![id.clone(), id]);
    }
    doc.prune_objects();
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| format!("cannot write the print PDF: {e}"))?;
    Ok(out)
}

/// The TrimBox (the trim centred in `media`) and the BleedBox around it.
fn page_boxes(media: [f64; 4], trim: Trim) -> Result<([f64; 4], [f64; 4]), String> {
    let mx = ((media[2] - media[0]) - trim.width) / 2.0;
    let my = ((media[3] - media[1]) - trim.height) / 2.0;
    if mx < trim.bleed - 0.01 || my < trim.bleed - 0.01 {
        return Err(format!(
            "page media box {:.1} × {:.1} pt leaves no room for a {:.1} pt bleed around a {:.1} × {:.1} pt trim",
            media[2] - media[0],
            media[3] - media[1],
            trim.bleed,
            trim.width,
            trim.height
        ));
    }
    let t = [media[0] + mx, media[1] + my, media[2] - mx, media[3] - my];
    let b = trim.bleed;
    Ok((t, [t[0] - b, t[1] - b, t[2] + b, t[3] + b]))
}

fn rect(r: [f64; 4]) -> Object {
    // Round to 1/1000 pt so the numbers are the same on every machine.
    Object::Array(
        r.iter()
            .map(|&v| Object::Real(((v * 1000.0).round() / 1000.0) as f32))
            .collect(),
    )
}

/// A PDF text string: PDFDocEncoding for ASCII, UTF-16BE with a byte-order mark otherwise.
pub fn text(s: &str) -> Object {
    if s.is_ascii() {
        return Object::string_literal(s);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

/// A UUID URN made from a hash of `seed`, so the same book gets the same identifiers.
fn uuid(seed: &str) -> String {
    let h = Sha256::digest(seed.as_bytes());
    let hex: String = h[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The XMP packet of a PDF/X-4 file, agreeing with the document information.
fn xmp(meta: &Meta, date: &str, producer: &str, document_id: &str, instance_id: &str) -> String {
    let creator = meta
        .author
        .map(|a| {
            format!(
                "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>",
                xml_escape(a)
            )
        })
        .unwrap_or_default();
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
 xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
{creator}
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<xmp:CreatorTool>{producer}</xmp:CreatorTool>
<pdf:Producer>{producer}</pdf:Producer>
<pdf:Trapped>False</pdf:Trapped>
<xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>
<xmpMM:InstanceID>{instance_id}</xmpMM:InstanceID>
<xmpMM:VersionID>1</xmpMM:VersionID>
<xmpMM:RenditionClass>default</xmpMM:RenditionClass>
<pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        bom = '\u{feff}',
        title = xml_escape(meta.title),
        producer = xml_escape(producer),
        version = PDFX_VERSION,
    )
}

/// Converts every RGB and grey image of `doc` to the output intent's CMYK.
fn convert_images(doc: &mut Document, converter: &Converter) -> Result<(), String> {
    let ids: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            matches!(o, Object::Stream(s) if s.dict.get(b"Subtype").and_then(|t| t.as_name()).is_ok_and(|n| n == b"Image"))
        })
        .map(|(id, _)| *id)
        .collect();
    for id in ids {
        let channels = image_channels(doc, id)?;
        let Some(Object::Stream(stream)) = doc.objects.get(&id) else {
            continue;
        };
        if channels == 4 {
            continue;
        }
        let dict = &stream.dict;
        let int = |k: &[u8]| dict.get(k).and_then(|v| v.as_i64()).unwrap_or(0);
        let (w, h, bits) = (int(b"Width"), int(b"Height"), int(b"BitsPerComponent"));
        if bits != 8 {
            return Err(format!(
                "an image with {bits} bits per component cannot be converted to CMYK"
            ));
        }
        if dict.has(b"SMask") || dict.has(b"Mask") {
            return Err("an image with a transparency mask reached the print file".into());
        }
        let pixels = decode_pixels(stream)?;
        let expected = (w * h) as usize * channels;
        if pixels.len() < expected {
            return Err(format!(
                "an image of {w} × {h} has {} bytes, {expected} expected",
                pixels.len()
            ));
        }
        let cmyk = match channels {
            3 => converter.rgb(&pixels[..expected]),
            1 => converter.grey(&pixels[..expected]),
            n => {
                return Err(format!(
                    "an image with {n} colour channels cannot be converted"
                ))
            }
        };
        let mut new_dict = Dictionary::new();
        for key in [
            b"Type".as_slice(),
            b"Subtype",
            b"Width",
            b"Height",
            b"Interpolate",
        ] {
            if let Ok(v) = stream.dict.get(key) {
                new_dict.set(key, v.clone());
            }
        }
        new_dict.set("ColorSpace", "DeviceCMYK");
        new_dict.set("BitsPerComponent", 8);
        let mut new = Stream::new(new_dict, cmyk);
        new.compress().map_err(|e| e.to_string())?;
        doc.objects.insert(id, Object::Stream(new));
    }
    Ok(())
}

/// Number of colour channels of an image's colour space (DeviceRGB, DeviceGray, ICCBased…).
fn image_channels(doc: &Document, id: ObjectId) -> Result<usize, String> {
    let stream = doc
        .get_object(id)
        .and_then(|o| o.as_stream())
        .map_err(|e| e.to_string())?;
    let cs = stream
        .dict
        .get(b"ColorSpace")
        .map_err(|_| "an image has no colour space".to_owned())?;
    colour_space_channels(doc, cs)
}

/// Number of components of a colour space object.
pub fn colour_space_channels(doc: &Document, cs: &Object) -> Result<usize, String> {
    let cs = match cs {
        Object::Reference(r) => doc.get_object(*r).map_err(|e| e.to_string())?,
        o => o,
    };
    match cs {
        Object::Name(n) => match n.as_slice() {
            b"DeviceRGB" | b"CalRGB" => Ok(3),
            b"DeviceGray" | b"CalGray" => Ok(1),
            b"DeviceCMYK" => Ok(4),
            other => Err(format!(
                "unsupported colour space {}",
                String::from_utf8_lossy(other)
            )),
        },
        Object::Array(a) => match a.first().and_then(|n| n.as_name().ok()) {
            Some(b"ICCBased") => {
                let s = a
                    .get(1)
                    .and_then(|r| r.as_reference().ok())
                    .and_then(|r| doc.get_object(r).ok())
                    .and_then(|o| o.as_stream().ok())
                    .ok_or("an ICCBased colour space without its profile")?;
                s.dict
                    .get(b"N")
                    .and_then(|n| n.as_i64())
                    .map(|n| n as usize)
                    .map_err(|_| "an ICC profile without /N".into())
            }
            Some(b"CalRGB") | Some(b"Lab") => Ok(3),
            Some(b"CalGray") => Ok(1),
            _ => Err("an indexed or special colour space cannot be converted".into()),
        },
        _ => Err("a malformed colour space".into()),
    }
}

/// The raw samples of an image stream (Flate or DCT encoded).
fn decode_pixels(stream: &Stream) -> Result<Vec<u8>, String> {
    let filters = stream.filters().unwrap_or_default();
    if filters.iter().any(|f| *f == b"DCTDecode") {
        let img = image::load_from_memory_with_format(&stream.content, image::ImageFormat::Jpeg)
            .map_err(|e| format!("cannot decode a JPEG image: {e}"))?;
        return Ok(match img.color().channel_count() {
            1 => img.to_luma8().into_raw(),
            _ => img.to_rgb8().into_raw(),
        });
    }
    if filters.is_empty() {
        return Ok(stream.content.clone());
    }
    stream
        .decompressed_content()
        .map_err(|e| format!("cannot decode an image: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_are_centred_with_the_bleed_around_and_need_room() {
        let mm = 72.0 / 25.4;
        let trim = Trim {
            width: 148.0 * mm,
            height: 210.0 * mm,
            bleed: 3.0 * mm,
        };
        let outer = 11.0 * mm;
        let media = [
            0.0,
            0.0,
            trim.width + 2.0 * outer,
            trim.height + 2.0 * outer,
        ];
        let (t, b) = page_boxes(media, trim).unwrap();
        assert!((t[0] - outer).abs() < 1e-9 && (t[2] - t[0] - trim.width).abs() < 1e-9);
        assert!((t[1] - b[1] - trim.bleed).abs() < 1e-9 && (b[2] - t[2] - trim.bleed).abs() < 1e-9);
        let tight = [0.0, 0.0, trim.width, trim.height];
        assert!(page_boxes(tight, trim).unwrap_err().contains("no room"));
    }

    #[test]
    fn text_strings_and_identifiers() {
        assert_eq!(text("Title"), Object::string_literal("Title"));
        let Object::String(bytes, _) = text("Cẩm") else {
            panic!()
        };
        assert_eq!(bytes, vec![0xFE, 0xFF, 0, b'C', 0x1E, 0xA9, 0, b'm']);
        let id = uuid("x");
        assert_eq!(id.len(), 5 + 36);
        assert_eq!(id, uuid("x"));
        assert_ne!(id, uuid("y"));
        assert!(xml_escape("a<b&\"c\"").contains("&lt;b&amp;&quot;"));
    }
}
