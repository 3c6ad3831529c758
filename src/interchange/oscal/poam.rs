//! The plan of action and milestones: one item per gap — every `planned` answer and every
//! applicable control below full credit — with its risk, target date (a milestone for
//! planned answers), who is responsible and the severity from the score report.

use super::assessment::{back_matter, ids, metadata, observation_uuid, observations};
use super::model::{
    Document, OnDate, Poam, PoamItem, Property, RelatedObservation, RelatedRisk, Response, Risk,
    Task, Timing,
};
use super::{datetime, line, prop, to_json, AssessmentInput};
use crate::evidence::Status;

/// The POA&M as OSCAL JSON.
pub fn poam(input: &AssessmentInput<'_>) -> String {
    let ids = ids(input, "poam");
    let lang = input.lang;
    let r = input.report;
    let all_obs = observations(input, &ids);
    let mut risks = Vec::new();
    let mut items = Vec::new();
    for c in &r.controls {
        let planned = c.status == Some(Status::Planned);
        let gap = c.applicable && c.credit.is_some_and(|x| x < 1.0);
        if !planned && !gap {
            continue;
        }
        let control = input
            .catalog
            .control(&c.id)
            .or_else(|| input.catalog.withdrawn_control(&c.id));
        let answer = input.evidence.answers.get(c.id.as_str());
        let responsibility = answer
            .and_then(|a| a.responsibility)
            .or(control.map(|k| k.responsibility))
            .map(crate::interchange::xlsx::responsibility_key)
            .unwrap_or_default();
        let severity = r.findings_for(&c.id).map(|f| f.severity).min();
        let messages: Vec<&str> = r.findings_for(&c.id).map(|f| f.message(lang)).collect();
        let title = line(&format!("{} {}", c.id, c.title(lang)));
        let description = if messages.is_empty() {
            crate::score::status_label(c.status, lang).to_string()
        } else {
            messages.join("\n")
        };
        let mut props: Vec<Property> = Vec::new();
        props.extend(prop("control-id", &c.id));
        props.extend(prop("status", crate::score::status_key(c.status)));
        props.extend(prop("responsibility", responsibility));
        if let Some(s) = severity {
            props.extend(prop("severity", s.as_str()));
        }
        if let Some(d) = c.planned_date {
            props.extend(prop("target-date", d.to_string()));
        }
        let risk_uuid = ids.of("risk", &c.id);
        let remediation = if planned {
            Response {
                uuid: ids.of("remediation", &c.id),
                lifecycle: "planned".to_string(),
                title: line(lang.pick("対応予定", "Planned")),
                description: answer
                    .and_then(|a| a.statement.clone())
                    .filter(|s| !s.trim().is_empty())
                    .unwrap_or_else(|| title.clone()),
                props: Vec::new(),
                tasks: c
                    .planned_date
                    .map(|d| Task {
                        uuid: ids.of("milestone", &c.id),
                        kind: "milestone".to_string(),
                        title: line(lang.pick("対応完了の目標日", "Target date")),
                        timing: Timing {
                            on_date: OnDate { date: datetime(d) },
                        },
                    })
                    .into_iter()
                    .collect(),
            }
        } else {
            Response {
                uuid: ids.of("remediation", &c.id),
                lifecycle: "recommendation".to_string(),
                title: line(lang.pick("対応の推奨", "Recommended")),
                description: control
                    .map(|k| k.requirement(lang).to_string())
                    .unwrap_or_else(|| title.clone()),
                props: Vec::new(),
                tasks: Vec::new(),
            }
        };
        let obs_uuid = observation_uuid(&ids, &c.id);
        let related_obs: Vec<RelatedObservation> = all_obs
            .iter()
            .filter(|o| o.uuid == obs_uuid)
            .map(|o| RelatedObservation {
                observation_uuid: o.uuid.clone(),
            })
            .collect();
        risks.push(Risk {
            uuid: risk_uuid.clone(),
            title: title.clone(),
            description: description.clone(),
            statement: control
                .map(|k| k.requirement(lang).to_string())
                .unwrap_or_else(|| title.clone()),
            props: props.clone(),
            status: if planned { "remediating" } else { "open" }.to_string(),
            deadline: c.planned_date.map(datetime),
            remediations: vec![remediation],
            related_observations: related_obs.clone(),
        });
        items.push(PoamItem {
            uuid: ids.of("item", &c.id),
            title,
            description,
            props,
            related_observations: related_obs,
            related_risks: vec![RelatedRisk { risk_uuid }],
        });
    }
    if items.is_empty() {
        items.push(PoamItem {
            uuid: ids.of("item", "none"),
            title: line(lang.pick("未解決の項目はありません", "No open items")),
            description: lang
                .pick(
                    "対応予定の回答も、満点に届かない管理策もありません。",
                    "No answer is planned and every applicable control has full credit.",
                )
                .to_string(),
            props: Vec::new(),
            related_observations: Vec::new(),
            related_risks: Vec::new(),
        });
    }
    let used: Vec<String> = items
        .iter()
        .flat_map(|i| {
            i.related_observations
                .iter()
                .map(|o| o.observation_uuid.clone())
        })
        .collect();
    let observations = all_obs
        .into_iter()
        .filter(|o| used.contains(&o.uuid))
        .collect();
    let doc = Poam {
        uuid: ids.doc(),
        metadata: metadata(
            input,
            &ids,
            lang.pick("改善計画（POA&M）", "Plan of action and milestones"),
        ),
        observations,
        risks,
        poam_items: items,
        back_matter: Some(back_matter(input, &ids)),
    };
    to_json(&Document::PlanOfActionAndMilestones(doc))
}
