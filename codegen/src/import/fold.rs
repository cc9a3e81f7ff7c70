//! The request tables write structures flat: `Tag.N.Key` and `Tag.N.Value`
//! rows are one repeat list of structures, `SystemDisk.Category` a field of
//! one structure, `NetworkInterface.N.SecurityGroupIds.N` a repeat list
//! inside the elements of another. This module folds such rows (of both
//! languages, merged) into the parameters the spec declares, whose names
//! never contain a dot.
//!
//! A parent may have a row of its own (`Tag`, typed RepeatList) or not;
//! without one its description is composed from the rows under it and says
//! so. A row that cannot be folded (a malformed name, a list written both
//! as `X.Field` and `X.N.Field`) is reported and left out: it is never kept
//! as a parameter with a dot in its name.

use std::path::PathBuf;

use super::{Finding, ids};
use crate::spec::{Constraints, Field, Items, Parameter, Range, Text, TypeName};

/// Where a row is: its document and line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The document.
    pub file: PathBuf,
    /// The row's line.
    pub line: Option<usize>,
}

/// One segment of a dotted name.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    /// A name: a parameter, or a field of a structure.
    Name(String),
    /// `N`: the elements of a repeat list; `Some(i)` when the document
    /// numbers them (`Filter.1.Key`).
    Repeat(Option<u32>),
}

/// The segments of a row's name, or why it cannot be folded.
fn segments(name: &str) -> Result<Vec<Seg>, String> {
    let mut out = Vec::new();
    for part in name.split('.') {
        let seg = if part == "N" {
            Seg::Repeat(None)
        } else if !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()) {
            Seg::Repeat(Some(
                part.parse().map_err(|_| format!("`{part}` is no index"))?,
            ))
        } else if !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            Seg::Name(part.to_owned())
        } else {
            return Err(format!("`{part}` is not a name"));
        };
        if matches!(seg, Seg::Repeat(_)) && !matches!(out.last(), Some(Seg::Name(_))) {
            return Err("`N` must follow a name".to_owned());
        }
        out.push(seg);
    }
    Ok(out)
}

/// A parameter or field being built.
struct Node {
    name: String,
    /// The row naming this node itself (`Tag`, `Tag.N` or a leaf).
    row: Option<(Parameter, Origin)>,
    /// Sent as a repeat list (`Name.N…`).
    repeated: bool,
    /// Whether the children were written under `N` (`X.N.F`) or not (`X.F`).
    children_repeated: Option<bool>,
    children: Vec<Node>,
    /// The element count, from a row under this list (`Tag.N.Key`: `N的取值范围`).
    count: Option<Range>,
    /// The first row under this node, for findings about it.
    first: Option<Origin>,
    /// Set when a row spelt in UpperCamelCase renamed this node: its row
    /// replaces the one of the other spelling.
    replace_row: bool,
}

impl Node {
    fn new(name: &str) -> Self {
        Node {
            name: name.to_owned(),
            row: None,
            repeated: false,
            children_repeated: None,
            children: Vec::new(),
            count: None,
            first: None,
            replace_row: false,
        }
    }
}

struct Folder {
    findings: Vec<Finding>,
}

impl Folder {
    fn warn(&mut self, at: &Origin, id: &'static str, message: String) {
        self.findings
            .push(Finding::warning(&at.file, at.line, id, message));
    }

    /// Puts the row `param` (named `full`, of segments `segs`) into the
    /// tree `nodes`, as the row of its node or as a row under it.
    fn insert(
        &mut self,
        nodes: &mut Vec<Node>,
        segs: &[Seg],
        full: &str,
        numbered: bool,
        mut param: Parameter,
        origin: Origin,
    ) {
        let Some(Seg::Name(name)) = segs.first() else {
            unreachable!("segments start with a name")
        };
        let index = self.node_index(nodes, name, full, &origin);
        let node = &mut nodes[index];
        let (through_n, rest) = self.after_name(&node.name, segs, full, &origin);
        if rest.is_empty() {
            node.repeated |= through_n;
            self.set_row(node, name, full, numbered, param, origin);
            return;
        }
        if !self.same_children_style(node, through_n, full, &origin) {
            return;
        }
        node.repeated |= through_n;
        node.first.get_or_insert_with(|| origin.clone());
        take_count(node, through_n, rest, &mut param);
        self.insert(&mut node.children, rest, full, numbered, param, origin);
    }

    /// The index in `nodes` of the node `name`: the one of that name, else
    /// one spelt in another case (reported; UpperCamelCase wins), else a
    /// new one.
    fn node_index(
        &mut self,
        nodes: &mut Vec<Node>,
        name: &str,
        full: &str,
        origin: &Origin,
    ) -> usize {
        if let Some(i) = nodes.iter().position(|n| n.name == *name) {
            return i;
        }
        let Some(i) = nodes.iter().position(|n| n.name.eq_ignore_ascii_case(name)) else {
            nodes.push(Node::new(name));
            return nodes.len() - 1;
        };
        // API names are UpperCamelCase: that spelling wins
        // (`Tag.N.key` is the old one where both are listed).
        let upper = |n: &str| n.starts_with(|c: char| c.is_ascii_uppercase());
        let keep = if upper(name) && !upper(&nodes[i].name) {
            name.to_owned()
        } else {
            nodes[i].name.clone()
        };
        let m = format!(
            "`{full}` spells `{name}` as another row of the same structure spells `{}`; folded into one `{keep}`",
            nodes[i].name
        );
        self.warn(origin, ids::REQUEST_FIELD_CASE_MISMATCH, m);
        if keep != nodes[i].name {
            nodes[i].name = keep;
            nodes[i].replace_row = true;
        }
        i
    }

    /// Whether the segments after the node `node_name` go through `N` (a
    /// numbered element is reported), and the segments after that.
    fn after_name<'s>(
        &mut self,
        node_name: &str,
        segs: &'s [Seg],
        full: &str,
        origin: &Origin,
    ) -> (bool, &'s [Seg]) {
        match segs.get(1) {
            Some(Seg::Repeat(numbered)) => {
                if let Some(i) = numbered {
                    let m = format!(
                        "`{full}` numbers its element ({i}) instead of writing `N`; folded as an element of `{node_name}`"
                    );
                    self.warn(origin, ids::REQUEST_ROW_NUMBERED, m);
                }
                (true, &segs[2..])
            }
            _ => (false, &segs[1..]),
        }
    }

    /// Gives `node` the row `param`, unless it has one (a second row of the
    /// same name, not a numbered element, is reported).
    fn set_row(
        &mut self,
        node: &mut Node,
        name: &str,
        full: &str,
        numbered: bool,
        param: Parameter,
        origin: Origin,
    ) {
        if std::mem::take(&mut node.replace_row) || node.row.is_none() {
            node.row = Some((param, origin));
            return;
        }
        // Numbered elements repeat their fields on purpose; a spelling in
        // another case was reported above.
        if !numbered && node.name == *name {
            let m = format!("`{full}` is listed twice; the first row is kept");
            self.warn(&origin, ids::REQUEST_ROW_DUPLICATE, m);
        }
    }

    /// Whether the row `full` writes the rows under `node` as the rows
    /// before it did (all through `N`, or none); a row that does not is
    /// reported and left out.
    fn same_children_style(
        &mut self,
        node: &mut Node,
        through_n: bool,
        full: &str,
        origin: &Origin,
    ) -> bool {
        match node.children_repeated {
            Some(was) if was != through_n => {
                let (a, b) = if was { (".N.", ".") } else { (".", ".N.") };
                let m = format!(
                    "`{full}` writes `{}{b}…` where earlier rows write `{}{a}…`: a structure and a repeat list at once; the row is left out",
                    node.name, node.name
                );
                self.warn(origin, ids::REQUEST_ROW_UNFOLDABLE, m);
                false
            }
            _ => {
                node.children_repeated = Some(through_n);
                true
            }
        }
    }

    /// What a node becomes; `path` is its dotted name so far (for messages).
    fn build(&mut self, node: Node, path: &str) -> Built {
        let own = if path.is_empty() {
            node.name.clone()
        } else {
            format!("{path}.{}", node.name)
        };
        if node.children.is_empty() {
            self.build_leaf(node, &own)
        } else {
            self.build_parent(node, &own)
        }
    }

    /// What a node without rows under it becomes (its own row, its type
    /// corrected where nothing follows it); `own` is its dotted name.
    fn build_leaf(&mut self, node: Node, own: &str) -> Built {
        let (mut p, origin) = node.row.expect("a node without children has a row");
        match (p.ty, p.items.as_deref().map(|i| i.ty)) {
            (TypeName::Struct, _) => {
                let m = format!(
                    "`{}` is typed Struct but no `{own}.Field` rows follow; taken as a String",
                    p.name
                );
                self.warn(&origin, ids::REQUEST_PARENT_TYPE, m);
                p.ty = TypeName::String;
            }
            (TypeName::RepeatList, Some(TypeName::Struct)) => {
                let m = format!(
                    "`{}` is a list of structures but no `{own}.N.Field` rows follow; taken as a RepeatList of strings",
                    p.name
                );
                self.warn(&origin, ids::REQUEST_ARRAY_OF_STRUCT, m);
                p.items = Some(Box::new(string_items()));
            }
            (TypeName::RepeatList, _) if !node.repeated => {
                let m = format!(
                    "`{}` is typed as a list but not named `{}.N`; imported as a RepeatList (sent as `{}.1`, `{}.2`, …)",
                    p.name, p.name, node.name, node.name
                );
                self.warn(&origin, ids::REQUEST_LIST_NOT_REPEATED, m);
            }
            _ => {}
        }
        Built::of_param(node.name, p)
    }

    /// What a node with rows under it becomes: a structure, or a repeat
    /// list of structures; `own` is its dotted name.
    fn build_parent(&mut self, node: Node, own: &str) -> Built {
        let child_path = if node.repeated {
            format!("{own}.N")
        } else {
            own.to_owned()
        };
        let child_names = child_names(&node.children, &child_path);
        let mut children = Vec::new();
        for child in node.children {
            children.push(self.build(child, &child_path).into_field());
        }
        let (ty, items, fields) = if node.repeated {
            let items = Items {
                ty: TypeName::Struct,
                name: None,
                fields: children,
                items: None,
            };
            (TypeName::RepeatList, Some(Box::new(items)), Vec::new())
        } else {
            (TypeName::Struct, None, children)
        };
        let (required, example, description, constraints) = match node.row {
            Some((p, origin)) => self.parent_row(p, &origin, node.repeated, ty),
            None => {
                let first = node.first.expect("a node with children has a first row");
                let description = composed(&child_names, fields_or_items(&fields, &items));
                let m = format!(
                    "`{own}` has no row of its own; its description is composed from {}",
                    child_names.join(", ")
                );
                self.warn(&first, ids::REQUEST_PARENT_COMPOSED, m);
                (false, None, description, None)
            }
        };
        Built {
            name: node.name,
            ty,
            required,
            example: example.filter(|_| false),
            description,
            constraints: parent_constraints(constraints, node.count),
            items,
            fields,
        }
    }

    /// The facts of a parent's own row `p`; a type that does not fit what
    /// the rows under it make it (`ty`) is reported.
    fn parent_row(
        &mut self,
        p: Parameter,
        origin: &Origin,
        repeated: bool,
        ty: TypeName,
    ) -> (bool, Option<crate::spec::Scalar>, Text, Option<Constraints>) {
        let fits = if repeated {
            p.ty.is_list()
        } else {
            p.ty == TypeName::Struct
        };
        if !fits {
            let m = format!(
                "`{}` is typed {}, but the rows under it make it a {}; imported as one",
                p.name,
                p.ty.as_str(),
                ty.as_str()
            );
            self.warn(origin, ids::REQUEST_PARENT_TYPE, m);
        }
        (p.required, p.example, p.description, p.constraints)
    }
}

/// Moves the count that a row under `N` states (`Tag.N.Key`: `N的取值范围`)
/// from `param` to the list `node`, when no deeper list is in between.
fn take_count(node: &mut Node, through_n: bool, rest: &[Seg], param: &mut Parameter) {
    if through_n
        && !rest.iter().any(|s| matches!(s, Seg::Repeat(_)))
        && let Some(c) = param.constraints.as_mut()
        && let Some(count) = c.count.take()
    {
        node.count.get_or_insert(count);
        if *c == Constraints::default() {
            param.constraints = None;
        }
    }
}

/// The dotted names of `children` under `child_path`, for messages and
/// composed descriptions (`Tag.N.Key`, a repeated leaf with `.N`).
fn child_names(children: &[Node], child_path: &str) -> Vec<String> {
    children
        .iter()
        .map(|c| {
            let n = if c.repeated && c.children.is_empty() {
                ".N"
            } else {
                ""
            };
            format!("{child_path}.{}{n}", c.name)
        })
        .collect()
}

/// A parent's constraints: its own row's, with the count a row under it
/// states, without the values a structure cannot take; none when empty.
fn parent_constraints(
    constraints: Option<Constraints>,
    count: Option<Range>,
) -> Option<Constraints> {
    let mut constraints = constraints;
    if let Some(count) = count {
        let c = constraints.get_or_insert_with(Constraints::default);
        c.count.get_or_insert(count);
    }
    if let Some(c) = constraints.as_mut() {
        // A structure takes no values of its own.
        c.allowed.clear();
        c.default = None;
        c.minimum = None;
        c.maximum = None;
        c.max_length = None;
    }
    constraints.filter(|c| *c != Constraints::default())
}

fn fields_or_items<'a>(fields: &'a [Field], items: &'a Option<Box<Items>>) -> &'a [Field] {
    match items {
        Some(i) => &i.fields,
        None => fields,
    }
}

fn string_items() -> Items {
    Items {
        ty: TypeName::String,
        name: None,
        fields: Vec::new(),
        items: None,
    }
}

/// The description of a parent the document has no row for, in the
/// languages its children are described in, saying where it comes from.
fn composed(children: &[String], fields: &[Field]) -> Text {
    let zh = fields.iter().any(|f| f.description.zh.is_some());
    let en = fields.iter().any(|f| f.description.en.is_some());
    let quoted: Vec<String> = children.iter().map(|c| format!("`{c}`")).collect();
    Text {
        zh: zh.then(|| {
            format!(
                "由 {} 组成。（文档中没有这个参数自己的行，此说明由 codegen import 根据其下各行生成。）",
                quoted.join("、")
            )
        }),
        en: en.then(|| {
            format!(
                "Made of {}. (The document has no row of its own for this parameter; codegen import composed this description from the rows under it.)",
                quoted.join(", ")
            )
        }),
    }
}

/// A folded parameter or field.
struct Built {
    name: String,
    ty: TypeName,
    required: bool,
    example: Option<crate::spec::Scalar>,
    description: Text,
    constraints: Option<Constraints>,
    items: Option<Box<Items>>,
    fields: Vec<Field>,
}

impl Built {
    /// A parameter's facts under `name`.
    fn of_param(name: String, p: Parameter) -> Built {
        Built {
            name,
            ty: p.ty,
            required: p.required,
            example: p.example,
            description: p.description,
            constraints: p.constraints,
            items: p.items,
            fields: p.fields,
        }
    }

    fn into_field(self) -> Field {
        Field {
            name: self.name,
            renamed_from: None,
            ty: self.ty,
            required: self.required,
            example: self.example,
            description: self.description,
            constraints: self.constraints,
            items: self.items,
            fields: self.fields,
        }
    }

    fn into_parameter(self) -> Parameter {
        Parameter {
            name: self.name,
            renamed_from: None,
            ty: self.ty,
            style: None,
            required: self.required,
            example: self.example,
            description: self.description,
            constraints: self.constraints,
            items: self.items,
            fields: self.fields,
        }
    }
}

/// Folds the request rows (in table order, names as written) into
/// parameters without dots, in the order each first appears.
pub fn fold(rows: Vec<(Parameter, Origin)>) -> (Vec<Parameter>, Vec<Finding>) {
    let mut folder = Folder {
        findings: Vec::new(),
    };
    let mut nodes: Vec<Node> = Vec::new();
    for (param, origin) in rows {
        let full = param.name.clone();
        match segments(&full) {
            Ok(segs) => {
                let numbered = segs.iter().any(|s| matches!(s, Seg::Repeat(Some(_))));
                folder.insert(&mut nodes, &segs, &full, numbered, param, origin)
            }
            Err(why) => {
                let m = format!("request row `{full}` cannot be folded ({why}); it is left out");
                folder.warn(&origin, ids::REQUEST_ROW_UNFOLDABLE, m);
            }
        }
    }
    let params = nodes
        .into_iter()
        .map(|n| folder.build(n, "").into_parameter())
        .collect();
    (params, folder.findings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Scalar;

    fn row(name: &str, ty: TypeName, required: bool, line: usize) -> (Parameter, Origin) {
        let items = (ty == TypeName::RepeatList).then(|| Box::new(string_items()));
        (
            Parameter {
                name: name.to_owned(),
                renamed_from: None,
                ty,
                style: None,
                required,
                example: Some(Scalar("x".into())),
                description: Text {
                    zh: Some(format!("{name}。")),
                    en: None,
                },
                constraints: None,
                items,
                fields: Vec::new(),
            },
            Origin {
                file: PathBuf::from("X.md"),
                line: Some(line),
            },
        )
    }

    /// `Name:Type` per parameter, children in brackets, `!` for required.
    fn shape(fields: &[Field]) -> String {
        fields
            .iter()
            .map(|f| {
                let inner = match (&f.items, f.fields.is_empty()) {
                    (Some(i), _) if !i.fields.is_empty() => format!("[{}]", shape(&i.fields)),
                    (Some(i), _) => format!("[{}]", i.ty.as_str()),
                    (None, false) => format!("{{{}}}", shape(&f.fields)),
                    _ => String::new(),
                };
                let req = if f.required { "!" } else { "" };
                format!("{}{req}:{}{inner}", f.name, f.ty.as_str())
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    fn fold_shape(rows: Vec<(Parameter, Origin)>) -> (String, Vec<String>) {
        let (params, findings) = fold(rows);
        let fields: Vec<Field> = params
            .into_iter()
            .map(|p| Built::of_param(p.name.clone(), p).into_field())
            .collect();
        let ids = findings
            .iter()
            .map(|f| format!("{}:{}", f.line.unwrap_or(0), f.id))
            .collect();
        (shape(&fields), ids)
    }

    #[test]
    fn segments_of_names() {
        assert_eq!(
            segments("Tag.N.Key").unwrap(),
            [
                Seg::Name("Tag".into()),
                Seg::Repeat(None),
                Seg::Name("Key".into())
            ]
        );
        assert_eq!(segments("Filter.2.Key").unwrap()[1], Seg::Repeat(Some(2)));
        assert!(segments("N.Key").is_err());
        assert!(segments("Tag.N.N").is_err());
        assert!(segments("Tag..Key").is_err());
        assert!(segments("Tag.Key (old)").is_err());
    }

    #[test]
    fn tags_without_a_parent_row() {
        let (shape, ids) = fold_shape(vec![
            row("RegionId", TypeName::String, true, 1),
            row("Tag.N.Key", TypeName::String, true, 2),
            row("Tag.N.Value", TypeName::String, false, 3),
        ]);
        assert_eq!(
            shape,
            "RegionId!:String,Tag:RepeatList[Key!:String,Value:String]"
        );
        assert_eq!(ids, ["2:request-parent-composed"]);
    }

    #[test]
    fn a_parent_row_gives_the_description() {
        let rows = vec![
            row("Tag", TypeName::RepeatList, false, 1),
            row("Tag.N.Key", TypeName::String, false, 2),
        ];
        let (params, findings) = fold(rows);
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(params[0].description.zh.as_deref(), Some("Tag。"));
        assert_eq!(params[0].example, None, "a structure has no example value");
    }

    #[test]
    fn nested_repeat_lists_and_flat_structures() {
        let (shape, ids) = fold_shape(vec![
            row("NetworkInterface.N.VSwitchId", TypeName::String, false, 1),
            row(
                "NetworkInterface.N.SecurityGroupIds.N",
                TypeName::RepeatList,
                false,
                2,
            ),
            row("SystemDisk.Category", TypeName::String, false, 3),
            row("SystemDisk.Size", TypeName::Integer, false, 4),
            row("InstanceId.N", TypeName::RepeatList, true, 5),
        ]);
        assert_eq!(
            shape,
            "NetworkInterface:RepeatList[VSwitchId:String,SecurityGroupIds:RepeatList[String]],\
             SystemDisk:Struct{Category:String,Size:Integer},InstanceId!:RepeatList[String]"
        );
        assert_eq!(
            ids,
            ["1:request-parent-composed", "3:request-parent-composed"]
        );
    }

    #[test]
    fn case_mismatches_fold_into_the_first_spelling() {
        let (shape, ids) = fold_shape(vec![
            row("Tag.N.Key", TypeName::String, false, 1),
            row("Tag.N.key", TypeName::String, false, 2),
            row("Tag.N.value", TypeName::String, false, 3),
            row("Tag.N.Value", TypeName::Integer, true, 4),
        ]);
        // UpperCamelCase wins, with its row's facts.
        assert_eq!(shape, "Tag:RepeatList[Key:String,Value!:Integer]");
        assert_eq!(
            ids,
            [
                "2:request-field-case-mismatch",
                "4:request-field-case-mismatch",
                "1:request-parent-composed"
            ]
        );
    }

    #[test]
    fn rows_that_cannot_be_folded_are_left_out() {
        let (shape, ids) = fold_shape(vec![
            row("Disk.N.Size", TypeName::Integer, false, 1),
            row("Disk.Category", TypeName::String, false, 2),
            row("Bad..Name", TypeName::String, false, 3),
        ]);
        assert_eq!(shape, "Disk:RepeatList[Size:Integer]");
        assert_eq!(
            ids,
            [
                "2:request-row-unfoldable",
                "3:request-row-unfoldable",
                "1:request-parent-composed"
            ]
        );
    }

    #[test]
    fn numbered_elements_fold_into_one() {
        let (shape, ids) = fold_shape(vec![
            row("Filter.1.Key", TypeName::String, false, 1),
            row("Filter.1.Value", TypeName::String, false, 2),
            row("Filter.2.Key", TypeName::String, false, 3),
        ]);
        assert_eq!(shape, "Filter:RepeatList[Key:String,Value:String]");
        assert_eq!(ids.len(), 4, "{ids:?}");
    }

    #[test]
    fn the_count_goes_to_the_list() {
        let mut key = row("Tag.N.Key", TypeName::String, false, 1);
        key.0.constraints = Some(Constraints {
            count: Some(Range { min: 1, max: 20 }),
            max_length: Some(128),
            ..Constraints::default()
        });
        let (params, _) = fold(vec![key]);
        let c = params[0].constraints.as_ref().unwrap();
        assert_eq!(c.count, Some(Range { min: 1, max: 20 }));
        let field = &params[0].items.as_ref().unwrap().fields[0];
        assert_eq!(field.constraints.as_ref().unwrap().count, None);
        assert_eq!(field.constraints.as_ref().unwrap().max_length, Some(128));
    }
}
