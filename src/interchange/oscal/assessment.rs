//! An evidence file and its score report as OSCAL assessment results: one observation per
//! answer (linked to the back-matter resources of the documents it cites, which carry their
//! SHA-256), one finding per scored control with the credit, weight and severity of the
//! report, and the overall score and verdict as properties of the result.

use super::model::{
    AssessmentResult, AssessmentResults, BackMatter, ControlId, ControlSelection, Document,
    Finding, FindingTarget, Hash, ImplementationStatus, ImportAp, Metadata, ObjectiveStatus,
    Observation, Party, Property, RelatedObservation, RelevantEvidence, Resource, ReviewedControls,
    Revision, Rlink,
};
use super::{
    catalog_resource, datetime, line, number, prop, to_json, AssessmentInput, Ids, OSCAL_VERSION,
};
use crate::score::{status_key, ControlScore};

/// The assessment results as OSCAL JSON.
pub fn assessment_results(input: &AssessmentInput<'_>) -> String {
    let ids = ids(input, "assessment-results");
    let r = input.report;
    let lang = input.lang;
    let observations = observations(input, &ids);
    let findings: Vec<Finding> = r
        .controls
        .iter()
        .filter(|c| c.applicable && c.is_scored())
        .map(|c| finding(input, &ids, c, &observations))
        .collect();
    let mut props: Vec<Property> = Vec::new();
    props.extend(prop(
        "overall-score",
        r.overall.score.map(number).unwrap_or_default(),
    ));
    props.extend(prop("verdict", r.overall.verdict.as_str()));
    for a in &r.areas {
        props.extend(
            prop("area-score", a.score.map(number).unwrap_or_default()).map(|p| Property {
                class: Some(a.area.to_string()),
                ..p
            }),
        );
    }
    if let Some(p) = &r.profile {
        props.extend(prop("profile", &p.name));
        props.extend(prop("profile-passed", p.pass.to_string()));
    }
    props.extend(sla_props(input));
    let reviewed: Vec<ControlId> = r
        .controls
        .iter()
        .filter(|c| c.applicable)
        .map(|c| ControlId {
            control_id: c.id.to_string(),
        })
        .collect();
    let description = match lang {
        crate::i18n::Lang::Ja => format!(
            "sansho による採点結果（基準日 {}、総合 {}、判定 {}）。スコアと判定は sansho の採点ルール（docs/scoring.md）によるものです。",
            r.as_of,
            crate::score::display_score(r.overall.score),
            r.overall.verdict.label(lang)
        ),
        crate::i18n::Lang::En => format!(
            "Scored by sansho (as of {}, overall {}, verdict {}) under sansho's scoring rule (docs/scoring.md).",
            r.as_of,
            crate::score::display_score(r.overall.score),
            r.overall.verdict.label(lang)
        ),
    };
    let result = AssessmentResult {
        uuid: ids.of("result", "overall"),
        title: line(lang.pick(
            "3省2ガイドライン適合評価",
            "3-ministry guidelines conformance assessment",
        )),
        description,
        start: datetime(r.as_of),
        props,
        reviewed_controls: ReviewedControls {
            control_selections: vec![ControlSelection {
                include_controls: reviewed,
            }],
        },
        observations,
        findings,
    };
    let doc = AssessmentResults {
        uuid: ids.doc(),
        metadata: metadata(input, &ids, lang.pick("評価結果", "Assessment results")),
        import_ap: ImportAp {
            href: format!("#{}", evidence_uuid(&ids)),
            remarks: Some(
                lang.pick(
                    "評価計画の代わりに、評価したエビデンスファイル（バックマター）を参照します。",
                    "There is no assessment plan; this points to the evidence file assessed (back matter).",
                )
                .to_string(),
            ),
        },
        results: vec![result],
        back_matter: Some(back_matter(input, &ids)),
    };
    to_json(&Document::AssessmentResults(doc))
}

/// The ids of a document made from an evidence file: its digest, the as-of date and the
/// profile, so a different judgement gives a different document.
pub(super) fn ids(input: &AssessmentInput<'_>, kind: &str) -> Ids {
    let profile = input
        .report
        .profile
        .as_ref()
        .and_then(|p| p.sha256.clone())
        .unwrap_or_default();
    Ids::new(
        kind,
        &format!(
            "{}:{}:{}:{}:{}",
            input.evidence_sha256,
            input.report.as_of,
            profile,
            input.catalog.meta.version,
            input.lang.code()
        ),
    )
}

pub(super) fn metadata(input: &AssessmentInput<'_>, ids: &Ids, what: &str) -> Metadata {
    let v = &input.evidence.vendor;
    let lang = input.lang;
    let title = match lang {
        crate::i18n::Lang::Ja => format!("{what} — {}（{}）", v.service, v.name),
        crate::i18n::Lang::En => format!("{what} — {} ({})", v.service, v.name),
    };
    let mut props: Vec<Property> = Vec::new();
    props.extend(prop("catalog-id", &input.catalog.meta.id));
    props.extend(prop("catalog-version", &input.catalog.meta.version));
    props.extend(prop("evidence-sha256", input.evidence_sha256));
    props.extend(prop("as-of", input.report.as_of.to_string()));
    props.extend(prop(
        "generator",
        format!("sansho {}", env!("CARGO_PKG_VERSION")),
    ));
    props.extend(disclosure_props(input));
    let mut parties = vec![Party {
        uuid: ids.of("party", "vendor"),
        kind: "organization".to_string(),
        name: line(&v.name),
        props: Vec::new(),
        remarks: v.contact.clone(),
    }];
    // The platforms the service runs on (対象事業者B's 基盤事業者).
    for (i, p) in input.evidence.disclosure.platforms.iter().enumerate() {
        let mut pp: Vec<Property> = Vec::new();
        pp.extend(prop(
            "platform-service",
            p.service.as_deref().unwrap_or_default(),
        ));
        pp.extend(prop("platform-role", p.role.as_deref().unwrap_or_default()));
        pp.extend(prop(
            "platform-location",
            p.location.as_deref().unwrap_or_default(),
        ));
        parties.push(Party {
            uuid: ids.of("platform", &i.to_string()),
            kind: "organization".to_string(),
            name: line(&p.name),
            props: pp,
            remarks: None,
        });
    }
    // OSCAL lists revisions latest first; the evidence file oldest first.
    let revisions = input
        .evidence
        .revisions
        .iter()
        .rev()
        .map(|r| Revision {
            published: Some(datetime(r.date)),
            version: line(&r.version),
            remarks: Some(r.content.clone()),
        })
        .collect();
    Metadata {
        title: line(&title),
        last_modified: datetime(input.report.as_of),
        version: line(v.version.as_deref().unwrap_or("1")),
        oscal_version: OSCAL_VERSION.to_string(),
        revisions,
        props,
        links: Vec::new(),
        roles: Vec::new(),
        parties,
        responsible_parties: Vec::new(),
        remarks: None,
    }
}

fn evidence_uuid(ids: &Ids) -> String {
    ids.of("resource", "evidence-file")
}

/// The back-matter resource of one evidence document.
pub(super) fn document_uuid(ids: &Ids, id: &str) -> String {
    ids.of("document", id)
}

/// Back matter: the evidence file, the catalog and every evidence document with its
/// SHA-256.
pub(super) fn back_matter(input: &AssessmentInput<'_>, ids: &Ids) -> BackMatter {
    let lang = input.lang;
    let mut resources = vec![Resource {
        uuid: evidence_uuid(ids),
        title: Some(lang.pick("エビデンスファイル", "Evidence file").to_string()),
        description: None,
        props: Vec::new(),
        citation: None,
        rlinks: vec![Rlink {
            href: input.evidence_file.to_string(),
            media_type: Some("application/toml".to_string()),
            hashes: vec![Hash {
                algorithm: "SHA-256".to_string(),
                value: input.evidence_sha256.to_string(),
            }],
        }],
        remarks: None,
    }];
    resources.push(catalog_resource(input.catalog, lang));
    for d in &input.evidence.documents {
        let mut props: Vec<Property> = Vec::new();
        props.extend(prop("document-id", &d.id));
        props.extend(prop(
            "issued",
            d.issued.map(|x| x.to_string()).unwrap_or_default(),
        ));
        props.extend(prop(
            "expires",
            d.expires.map(|x| x.to_string()).unwrap_or_default(),
        ));
        let valid = d.is_valid_on(input.report.as_of);
        props.extend(prop("valid-on-as-of", valid.to_string()));
        let hashes: Vec<Hash> = d
            .sha256
            .iter()
            .map(|h| Hash {
                algorithm: "SHA-256".to_string(),
                value: h.to_lowercase(),
            })
            .collect();
        let rlinks = match (&d.path, hashes.is_empty()) {
            (Some(p), _) => vec![Rlink {
                href: p.clone(),
                media_type: None,
                hashes,
            }],
            (None, false) => vec![Rlink {
                href: d.id.clone(),
                media_type: None,
                hashes,
            }],
            (None, true) => Vec::new(),
        };
        resources.push(Resource {
            uuid: document_uuid(ids, &d.id),
            title: Some(line(&d.title)),
            description: None,
            props,
            citation: None,
            rlinks,
            remarks: None,
        });
    }
    for (i, a) in input.evidence.disclosure.attachments.iter().enumerate() {
        let mut props: Vec<Property> = Vec::new();
        props.extend(prop("attachment-number", (i + 1).to_string()));
        if let Some(d) = &a.document {
            props.extend(prop("document-id", d));
        }
        resources.push(Resource {
            uuid: ids.of("attachment", &i.to_string()),
            title: Some(line(&a.title)),
            description: None,
            props,
            citation: None,
            rlinks: Vec::new(),
            remarks: a.note.clone(),
        });
    }
    BackMatter { resources }
}

/// The disclosure's front matter (提供事業者GL 2.0 表4-1) as metadata properties: each text,
/// flag and class under its own name, each role-split row as a group.
fn disclosure_props(input: &AssessmentInput<'_>) -> Vec<Property> {
    let d = &input.evidence.disclosure;
    let mut out: Vec<Property> = Vec::new();
    if let Ok(serde_json::Value::Object(o)) = serde_json::to_value(d) {
        for (key, v) in &o {
            let value = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Bool(b) => b.to_string(),
                serde_json::Value::Number(n) => n.to_string(),
                _ => continue,
            };
            out.extend(prop(&key.replace('_', "-"), value));
        }
    }
    for (i, r) in d.roles.iter().enumerate() {
        let group = Some(format!("role-split-{}", i + 1));
        let fields = [
            prop("role-split-duty", &r.duty),
            prop("role-split-vendor", r.vendor.as_deref().unwrap_or_default()),
            prop(
                "role-split-institution",
                r.institution.as_deref().unwrap_or_default(),
            ),
        ];
        out.extend(fields.into_iter().flatten().map(|p| Property {
            group: group.clone(),
            ..p
        }));
    }
    out
}

/// The SLA values offered, one `sla` property per key given (class = the key).
fn sla_props(input: &AssessmentInput<'_>) -> Vec<Property> {
    crate::evidence::SLA_KEYS
        .iter()
        .filter_map(|key| {
            let v = input.evidence.sla.get(key);
            let value = match &v {
                serde_json::Value::Null => return None,
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Array(a) => a
                    .iter()
                    .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join("; "),
                other => other.to_string(),
            };
            prop("sla", value).map(|p| Property {
                class: Some((*key).to_string()),
                ..p
            })
        })
        .collect()
}

/// One observation per answer, in catalog order.
pub(super) fn observations(input: &AssessmentInput<'_>, ids: &Ids) -> Vec<Observation> {
    let lang = input.lang;
    let collected = datetime(input.evidence.vendor.prepared_on);
    input
        .report
        .controls
        .iter()
        .filter_map(|c| {
            let answer = input.evidence.answers.get(c.id.as_str())?;
            let evidence = answer
                .evidence
                .iter()
                .filter_map(|id| input.evidence.documents.iter().find(|d| &d.id == id))
                .map(|d| RelevantEvidence {
                    href: format!("#{}", document_uuid(ids, &d.id)),
                    description: d.title.clone(),
                })
                .collect();
            let description = answer
                .statement
                .clone()
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| answer.status.label(lang).to_string());
            let mut props: Vec<Property> = Vec::new();
            props.extend(prop("control-id", &c.id));
            props.extend(prop("status", answer.status.as_str()));
            if let Some(d) = answer.planned_date {
                props.extend(prop("planned-date", d.to_string()));
            }
            if let Some(ca) = &answer.customer_actions {
                props.extend(prop("customer-actions", ca));
            }
            Some(Observation {
                uuid: observation_uuid(ids, &c.id),
                title: line(&format!("{} {}", c.id, c.title(lang))),
                description,
                props,
                methods: vec!["EXAMINE".to_string()],
                types: vec!["control-objective".to_string()],
                relevant_evidence: evidence,
                collected: collected.clone(),
            })
        })
        .collect()
}

pub(super) fn observation_uuid(ids: &Ids, control: &str) -> String {
    ids.of("observation", control)
}

fn finding(
    input: &AssessmentInput<'_>,
    ids: &Ids,
    c: &ControlScore,
    observations: &[Observation],
) -> Finding {
    let r = input.report;
    let lang = input.lang;
    let credit = c.credit.unwrap_or_default();
    let satisfied = credit >= 1.0;
    let messages: Vec<&str> = r.findings_for(&c.id).map(|f| f.message(lang)).collect();
    let mut props: Vec<Property> = Vec::new();
    props.extend(prop("credit", number(credit)));
    props.extend(prop("weight", c.weight.to_string()));
    props.extend(prop("level", c.level.as_str()));
    if let Some(sev) = r.findings_for(&c.id).map(|f| f.severity).min() {
        props.extend(prop("severity", sev.as_str()));
    }
    for f in r.findings_for(&c.id) {
        props.extend(prop("finding-code", f.code.as_str()));
    }
    let obs = observation_uuid(ids, &c.id);
    let related = observations
        .iter()
        .filter(|o| o.uuid == obs)
        .map(|o| RelatedObservation {
            observation_uuid: o.uuid.clone(),
        })
        .collect();
    let description = if messages.is_empty() {
        lang.pick("指摘なし", "No findings").to_string()
    } else {
        messages.join("\n")
    };
    Finding {
        uuid: ids.of("finding", &c.id),
        title: line(&format!("{} {}", c.id, c.title(lang))),
        description,
        props,
        target: FindingTarget {
            kind: "objective-id".to_string(),
            target_id: c.id.to_string(),
            status: ObjectiveStatus {
                state: if satisfied {
                    "satisfied"
                } else {
                    "not-satisfied"
                }
                .to_string(),
                reason: Some(if satisfied { "pass" } else { "fail" }.to_string()),
            },
            implementation_status: Some(ImplementationStatus {
                state: status_key(c.status).replace('_', "-"),
            }),
        },
        related_observations: related,
        related_risks: Vec::new(),
    }
}
