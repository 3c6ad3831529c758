//! The parts of the OSCAL 1.2.1 JSON model that sansho writes, as serde types.
//!
//! Only what the exports use is modelled; names and nesting follow the OSCAL JSON schema
//! (kebab-case keys, optional arrays left out when empty). An independent implementation
//! (compliance-trestle's pydantic models, which forbid unknown keys) checks the output in
//! `tests/oscal.rs`.

use serde::Serialize;

fn none<T>(v: &Option<T>) -> bool {
    v.is_none()
}

/// The top-level wrapper: `{"catalog": …}`, `{"profile": …}`, ….
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Document {
    /// A catalog.
    Catalog(Catalog),
    /// A profile.
    Profile(Profile),
    /// Assessment results.
    AssessmentResults(AssessmentResults),
    /// A plan of action and milestones.
    PlanOfActionAndMilestones(Poam),
}

/// Document metadata.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Metadata {
    /// Title (one line).
    pub title: String,
    /// Last modified (date-time with zone).
    pub last_modified: String,
    /// Version of the document.
    pub version: String,
    /// OSCAL version.
    pub oscal_version: String,
    /// Earlier versions of the document, latest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
    /// Properties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// Links.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Roles.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// Parties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Party>,
    /// Who plays which role.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub responsible_parties: Vec<ResponsibleParty>,
    /// Remarks.
    #[serde(skip_serializing_if = "none")]
    pub remarks: Option<String>,
}

/// One entry of a document's revision history.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Revision {
    /// When it was published (date-time with zone).
    #[serde(skip_serializing_if = "none")]
    pub published: Option<String>,
    /// Version.
    pub version: String,
    /// What changed.
    #[serde(skip_serializing_if = "none")]
    pub remarks: Option<String>,
}

/// A name/value property.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Property {
    /// Name (a token).
    pub name: String,
    /// Namespace of the name.
    #[serde(skip_serializing_if = "none")]
    pub ns: Option<String>,
    /// Value (one line, no surrounding space).
    pub value: String,
    /// Class.
    #[serde(skip_serializing_if = "none", rename = "class")]
    pub class: Option<String>,
    /// Group relating several properties.
    #[serde(skip_serializing_if = "none")]
    pub group: Option<String>,
    /// Remarks.
    #[serde(skip_serializing_if = "none")]
    pub remarks: Option<String>,
}

/// A link.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Link {
    /// Target.
    pub href: String,
    /// Relation.
    #[serde(skip_serializing_if = "none")]
    pub rel: Option<String>,
    /// Text (one line).
    #[serde(skip_serializing_if = "none")]
    pub text: Option<String>,
}

/// A role.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Role {
    /// Id (token).
    pub id: String,
    /// Title.
    pub title: String,
}

/// An organization.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Party {
    /// UUID.
    pub uuid: String,
    /// `organization`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Name.
    pub name: String,
    /// Properties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// Remarks (contact).
    #[serde(skip_serializing_if = "none")]
    pub remarks: Option<String>,
}

/// A role played by parties.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ResponsibleParty {
    /// Role id.
    pub role_id: String,
    /// Parties.
    pub party_uuids: Vec<String>,
}

/// A part of a control or group (statement, guidance, …).
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Part {
    /// Id.
    #[serde(skip_serializing_if = "none")]
    pub id: Option<String>,
    /// Name (a token).
    pub name: String,
    /// Namespace of the name.
    #[serde(skip_serializing_if = "none")]
    pub ns: Option<String>,
    /// Title.
    #[serde(skip_serializing_if = "none")]
    pub title: Option<String>,
    /// Properties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// Text.
    #[serde(skip_serializing_if = "none")]
    pub prose: Option<String>,
}

/// A control.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Control {
    /// Id.
    pub id: String,
    /// Class.
    #[serde(skip_serializing_if = "none", rename = "class")]
    pub class: Option<String>,
    /// Title.
    pub title: String,
    /// Properties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// Links.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Parts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
}

/// A group of controls.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Group {
    /// Id.
    pub id: String,
    /// Class.
    #[serde(skip_serializing_if = "none", rename = "class")]
    pub class: Option<String>,
    /// Title.
    pub title: String,
    /// Properties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// Controls.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<Control>,
}

/// A catalog.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Catalog {
    /// UUID.
    pub uuid: String,
    /// Metadata.
    pub metadata: Metadata,
    /// Groups.
    pub groups: Vec<Group>,
    /// Back matter.
    #[serde(skip_serializing_if = "none")]
    pub back_matter: Option<BackMatter>,
}

/// Resources referenced from the document.
#[derive(Debug, Serialize)]
pub struct BackMatter {
    /// Resources.
    pub resources: Vec<Resource>,
}

/// A resource.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Resource {
    /// UUID.
    pub uuid: String,
    /// Title.
    #[serde(skip_serializing_if = "none")]
    pub title: Option<String>,
    /// Description.
    #[serde(skip_serializing_if = "none")]
    pub description: Option<String>,
    /// Properties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// Citation.
    #[serde(skip_serializing_if = "none")]
    pub citation: Option<Citation>,
    /// Where to get it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rlinks: Vec<Rlink>,
    /// Remarks.
    #[serde(skip_serializing_if = "none")]
    pub remarks: Option<String>,
}

/// A citation.
#[derive(Debug, Serialize)]
pub struct Citation {
    /// Text (one line).
    pub text: String,
}

/// A link to a resource, with its hashes.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Rlink {
    /// Target.
    pub href: String,
    /// Media type.
    #[serde(skip_serializing_if = "none")]
    pub media_type: Option<String>,
    /// Digests of the target.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hashes: Vec<Hash>,
}

/// A digest.
#[derive(Debug, Serialize)]
pub struct Hash {
    /// `SHA-256`.
    pub algorithm: String,
    /// Hex digest.
    pub value: String,
}

/// A profile.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Profile {
    /// UUID.
    pub uuid: String,
    /// Metadata.
    pub metadata: Metadata,
    /// What it selects.
    pub imports: Vec<Import>,
    /// How the selection is organized.
    pub merge: Merge,
    /// Tailoring.
    #[serde(skip_serializing_if = "none")]
    pub modify: Option<Modify>,
    /// Back matter.
    #[serde(skip_serializing_if = "none")]
    pub back_matter: Option<BackMatter>,
}

/// An imported catalog and the controls selected from it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Import {
    /// The catalog (a back-matter reference).
    pub href: String,
    /// Controls selected.
    pub include_controls: Vec<SelectControl>,
}

/// Controls selected by id.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct SelectControl {
    /// Ids.
    pub with_ids: Vec<String>,
}

/// Keep the catalog's structure.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Merge {
    /// `true`.
    pub as_is: bool,
}

/// Tailoring of the selected controls.
#[derive(Debug, Serialize)]
pub struct Modify {
    /// Changes per control.
    pub alters: Vec<Alter>,
}

/// Changes to one control.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Alter {
    /// Control id.
    pub control_id: String,
    /// Additions.
    pub adds: Vec<Add>,
}

/// Properties added to a control.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Add {
    /// `ending`.
    pub position: String,
    /// Properties.
    pub props: Vec<Property>,
}

/// Assessment results.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct AssessmentResults {
    /// UUID.
    pub uuid: String,
    /// Metadata.
    pub metadata: Metadata,
    /// The plan assessed against.
    pub import_ap: ImportAp,
    /// Results.
    pub results: Vec<AssessmentResult>,
    /// Back matter.
    #[serde(skip_serializing_if = "none")]
    pub back_matter: Option<BackMatter>,
}

/// A reference to the assessment plan.
#[derive(Debug, Serialize)]
pub struct ImportAp {
    /// Target.
    pub href: String,
    /// Remarks.
    #[serde(skip_serializing_if = "none")]
    pub remarks: Option<String>,
}

/// One set of results.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct AssessmentResult {
    /// UUID.
    pub uuid: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Start of evidence collection.
    pub start: String,
    /// Properties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// The controls reviewed.
    pub reviewed_controls: ReviewedControls,
    /// Observations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub observations: Vec<Observation>,
    /// Findings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
}

/// The controls reviewed.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ReviewedControls {
    /// Selections.
    pub control_selections: Vec<ControlSelection>,
}

/// A selection of controls by id.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ControlSelection {
    /// Controls.
    pub include_controls: Vec<ControlId>,
}

/// One control id.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ControlId {
    /// Id.
    pub control_id: String,
}

/// An observation.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Observation {
    /// UUID.
    pub uuid: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Properties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// How it was observed.
    pub methods: Vec<String>,
    /// Kind.
    pub types: Vec<String>,
    /// Evidence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relevant_evidence: Vec<RelevantEvidence>,
    /// When.
    pub collected: String,
}

/// Evidence of an observation.
#[derive(Debug, Serialize)]
pub struct RelevantEvidence {
    /// Target (a back-matter resource).
    pub href: String,
    /// Description.
    pub description: String,
}

/// A finding.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Finding {
    /// UUID.
    pub uuid: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Properties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// What it is about.
    pub target: FindingTarget,
    /// Observations it rests on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_observations: Vec<RelatedObservation>,
    /// Risks it raises.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_risks: Vec<RelatedRisk>,
}

/// The objective of a finding.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct FindingTarget {
    /// `objective-id`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Control id.
    pub target_id: String,
    /// Satisfied or not.
    pub status: ObjectiveStatus,
    /// How far it is implemented.
    #[serde(skip_serializing_if = "none")]
    pub implementation_status: Option<ImplementationStatus>,
}

/// Satisfied or not.
#[derive(Debug, Serialize)]
pub struct ObjectiveStatus {
    /// `satisfied` / `not-satisfied`.
    pub state: String,
    /// `pass` / `fail` / `other`.
    #[serde(skip_serializing_if = "none")]
    pub reason: Option<String>,
}

/// How far a control is implemented.
#[derive(Debug, Serialize)]
pub struct ImplementationStatus {
    /// State token.
    pub state: String,
}

/// A link to an observation.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct RelatedObservation {
    /// UUID.
    pub observation_uuid: String,
}

/// A link to a risk.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct RelatedRisk {
    /// UUID.
    pub risk_uuid: String,
}

/// A risk (an open gap).
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Risk {
    /// UUID.
    pub uuid: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Statement.
    pub statement: String,
    /// Properties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// `open` / `remediating`.
    pub status: String,
    /// Target date.
    #[serde(skip_serializing_if = "none")]
    pub deadline: Option<String>,
    /// Planned responses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remediations: Vec<Response>,
    /// Observations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_observations: Vec<RelatedObservation>,
}

/// A response to a risk.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Response {
    /// UUID.
    pub uuid: String,
    /// `planned` / `recommendation`.
    pub lifecycle: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Properties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// Milestones.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
}

/// A milestone.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Task {
    /// UUID.
    pub uuid: String,
    /// `milestone`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Title.
    pub title: String,
    /// When.
    pub timing: Timing,
}

/// Timing of a task.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Timing {
    /// On a date.
    pub on_date: OnDate,
}

/// A date.
#[derive(Debug, Serialize)]
pub struct OnDate {
    /// Date-time with zone.
    pub date: String,
}

/// A plan of action and milestones.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Poam {
    /// UUID.
    pub uuid: String,
    /// Metadata.
    pub metadata: Metadata,
    /// Observations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub observations: Vec<Observation>,
    /// Risks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<Risk>,
    /// Items.
    pub poam_items: Vec<PoamItem>,
    /// Back matter.
    #[serde(skip_serializing_if = "none")]
    pub back_matter: Option<BackMatter>,
}

/// One item of the plan.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct PoamItem {
    /// UUID.
    pub uuid: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Properties.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// Observations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_observations: Vec<RelatedObservation>,
    /// Risks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_risks: Vec<RelatedRisk>,
}
