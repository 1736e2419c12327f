//! Browser-only: the figure's interaction over the server's markup. One closure listens for
//! every event on the figure and dispatches on its type; on the Graph page one more listens on
//! the window for Esc and for the panel's close link. Nodes (`[data-id]`) and edges
//! (`[data-from][data-to]`) are indexed once; lighting a chain runs `model::chain_through` over
//! that index and toggles classes (`lit`, `tracing`, `selected`); CSS does the rest. The zoom
//! tools come `hidden` from the server and are shown here.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::html::Div;
use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, closure::Closure};
use leptos::web_sys::{
    Element, Event, EventTarget, HtmlElement, KeyboardEvent, MouseEvent, PointerEvent, window,
};

use super::panel;
use super::zoom::{fit_zoom, next_zoom, scaled};
use crate::components::query::with_params;
use crate::model::chain_through;

/// The events the figure listens for.
const EVENTS: [&str; 9] = [
    "mouseover",
    "mouseleave",
    "focusin",
    "focusout",
    "click",
    "keydown",
    "pointerdown",
    "pointermove",
    "pointerup",
];

/// The events the window listens for on the Graph page.
const PAGE_EVENTS: [&str; 2] = ["keydown", "click"];

/// The drawing's nodes and edges, what is lit, and the view state.
struct Live {
    figure: HtmlElement,
    nodes: Vec<(String, Element)>,
    edges: Vec<(String, String, Element)>,
    lit: Vec<Element>,
    current: Option<String>,
    /// The chosen node.
    chosen: Option<String>,
    /// The drawing's own width and height.
    size: (u32, u32),
    /// Percent.
    zoom: u32,
    /// Where a drag started: pointer and scroll positions.
    grab: Option<(i32, i32, i32, i32)>,
}

/// The state shared by the listeners.
type Shared = Rc<RefCell<Option<Live>>>;

/// A node to choose in place (or none, to close the panel) and the Graph page that shows it.
struct Choice {
    href: String,
    node: Option<String>,
}

/// A listener and where it listens.
type Listener = (EventTarget, &'static [&'static str], Closure<dyn Fn(Event)>);

/// Holds the listeners while the figure is on the page; dropped with the effect that made them,
/// it unhooks them and releases the index and its elements.
struct Wired {
    state: Shared,
    listeners: Vec<Listener>,
}

impl Drop for Wired {
    fn drop(&mut self) {
        for (target, events, listener) in &self.listeners {
            for event in events.iter() {
                let _ = target
                    .remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            }
        }
        self.state.replace(None);
    }
}

/// Wires the figure once it is in the page.
pub fn attach(figure: NodeRef<Div>) {
    let state: Shared = Rc::new(RefCell::new(None));
    let latest = Rc::new(Cell::new(0));
    Effect::new(move |previous: Option<Option<Wired>>| {
        // Released before the new one is made, so its drop cannot clear the new state.
        drop(previous);
        let element = figure.get()?;
        let on_figure = listener(&state, &latest, |live, ev| live.handle(ev));
        let mut listeners = vec![hook(element.clone().into(), &EVENTS, on_figure)];
        if panel::element().is_some()
            && let Some(window) = window()
        {
            let on_page = listener(&state, &latest, |_, ev| page_event(ev));
            listeners.push(hook(window.clone().into(), &PAGE_EVENTS, on_page));
            if let Some(history) = panel::reload_on_history() {
                listeners.push((window.into(), &["popstate"], history));
            }
        }
        for tools in all(&element, "[data-zoom-tools]") {
            let _ = tools.remove_attribute("hidden");
        }
        state.replace(Some(Live::index(element.into())));
        Some(Wired {
            state: state.clone(),
            listeners,
        })
    });
}

/// A listener that hands each event to `handle` and carries out the choice it answers, once
/// the state is released (loading the panel may dispatch events itself).
fn listener(
    state: &Shared,
    latest: &Rc<Cell<u32>>,
    handle: impl Fn(&mut Live, &Event) -> Option<Choice> + 'static,
) -> Closure<dyn Fn(Event)> {
    let (state, latest) = (state.clone(), latest.clone());
    Closure::new(move |ev: Event| {
        let choice = state
            .borrow_mut()
            .as_mut()
            .and_then(|live| handle(live, &ev));
        let Some(Choice { href, node }) = choice else {
            return;
        };
        let state = state.clone();
        panel::show(href, latest.clone(), move || {
            if let Some(live) = state.borrow_mut().as_mut() {
                live.select(node);
            }
        });
    })
}

fn hook(
    target: EventTarget,
    events: &'static [&'static str],
    listener: Closure<dyn Fn(Event)>,
) -> Listener {
    for event in events {
        let _ = target.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
    }
    (target, events, listener)
}

/// Esc anywhere, or the panel's close link, closes the panel: the Graph page of the scope.
fn page_event(ev: &Event) -> Option<Choice> {
    let closing = match ev.type_().as_str() {
        "keydown" => ev.dyn_ref::<KeyboardEvent>()?.key() == "Escape" && panel::is_open(),
        "click" => {
            let target = ev.target()?.dyn_into::<Element>().ok()?;
            plain_click(ev)
                && target
                    .closest("[data-panel-close]")
                    .ok()
                    .flatten()
                    .is_some()
        }
        _ => false,
    };
    if !closing {
        return None;
    }
    ev.prevent_default();
    let location = window()?.location();
    let search = location.search().ok()?;
    let scope = with_params(
        search.trim_start_matches('?'),
        &[("node", None), ("done", None)],
    );
    Some(Choice {
        href: crate::model::scope_href(&scope),
        node: None,
    })
}

/// A primary-button click without a modifier key (those keep the browser's meaning: new tab).
fn plain_click(ev: &Event) -> bool {
    ev.dyn_ref::<MouseEvent>().is_some_and(|mouse| {
        mouse.button() == 0
            && !(mouse.ctrl_key() || mouse.meta_key() || mouse.shift_key() || mouse.alt_key())
    })
}

impl Live {
    fn index(figure: HtmlElement) -> Self {
        let svg = figure.query_selector("svg").ok().flatten();
        let number = |name: &str| {
            svg.as_ref()
                .and_then(|s| s.get_attribute(name))
                .and_then(|v| v.split('.').next()?.parse::<u32>().ok())
                .unwrap_or(0)
        };
        let nodes: Vec<(String, Element)> = all(&figure, "[data-id]")
            .into_iter()
            .filter_map(|e| Some((e.get_attribute("data-id")?, e)))
            .collect();
        let chosen = nodes
            .iter()
            .find(|(_, e)| e.class_list().contains("selected"))
            .map(|(id, _)| id.clone());
        Self {
            edges: all(&figure, "[data-from]")
                .into_iter()
                .filter_map(|e| {
                    Some((
                        e.get_attribute("data-from")?,
                        e.get_attribute("data-to")?,
                        e,
                    ))
                })
                .collect(),
            nodes,
            lit: Vec::new(),
            current: None,
            chosen,
            size: (number("width"), number("height")),
            zoom: 100,
            grab: None,
            figure,
        }
    }

    /// Handles one event on the figure; answers what to choose, if anything.
    fn handle(&mut self, ev: &Event) -> Option<Choice> {
        match ev.type_().as_str() {
            "mouseover" | "focusin" => match node_of(ev).and_then(|n| n.get_attribute("data-id")) {
                Some(id) => self.light(id),
                None => self.clear(),
            },
            "mouseleave" | "focusout" => self.clear(),
            "click" => return self.click(ev),
            "keydown" => {
                let key = ev.dyn_ref::<KeyboardEvent>().map(KeyboardEvent::key);
                let step = match key.as_deref() {
                    Some("+" | "=") => 1,
                    Some("-") => -1,
                    Some("0") => 0,
                    _ => return None,
                };
                ev.prevent_default();
                self.zoom_to(next_zoom(self.zoom, step));
            }
            "pointerdown" => self.grab(ev),
            "pointermove" => self.drag(ev),
            "pointerup" => self.grab = None,
            _ => {}
        }
        None
    }

    /// Lights the chain through node `id` (upstream and downstream, not its siblings).
    fn light(&mut self, id: String) {
        if self.current.as_ref() == Some(&id) {
            return;
        }
        self.clear();
        let pairs: Vec<(&str, &str)> = self
            .edges
            .iter()
            .map(|(from, to, _)| (from.as_str(), to.as_str()))
            .collect();
        let (edges, nodes) = chain_through(&pairs, &id);
        let mut lit: Vec<Element> = self
            .edges
            .iter()
            .zip(edges)
            .filter(|(_, on)| *on)
            .map(|((_, _, element), _)| element.clone())
            .collect();
        lit.extend(
            self.nodes
                .iter()
                .filter(|(node, _)| nodes.contains(&node.as_str()))
                .map(|(_, element)| element.clone()),
        );
        for element in &lit {
            let _ = element.class_list().add_1("lit");
        }
        self.lit = lit;
        self.current = Some(id);
        let _ = self.figure.class_list().add_1("tracing");
    }

    fn clear(&mut self) {
        for element in self.lit.drain(..) {
            let _ = element.class_list().remove_1("lit");
        }
        self.current = None;
        let _ = self.figure.class_list().remove_1("tracing");
    }

    /// Marks node `chosen` (none: no node) and brings it into view.
    fn select(&mut self, chosen: Option<String>) {
        for (id, node) in &self.nodes {
            let _ = if Some(id) == chosen.as_ref() {
                node.class_list().add_1("selected")
            } else {
                node.class_list().remove_1("selected")
            };
        }
        self.chosen = chosen;
        self.reveal();
    }

    /// A zoom button zooms; on the Graph page a plain click on a node (or Enter on it) chooses
    /// it in place; elsewhere, and with a modifier key, the link keeps the browser's meaning.
    fn click(&mut self, ev: &Event) -> Option<Choice> {
        let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
        if let Some(zoom) = target
            .and_then(|t| t.closest("[data-zoom]").ok().flatten())
            .and_then(|b| b.get_attribute("data-zoom"))
        {
            let next = match zoom.as_str() {
                "fit" => {
                    let room = self.canvas().map_or(0, |c| c.client_width());
                    fit_zoom(u32::try_from(room).unwrap_or(0), self.size.0)
                }
                "in" => next_zoom(self.zoom, 1),
                "out" => next_zoom(self.zoom, -1),
                _ => 100,
            };
            self.zoom_to(next);
            return None;
        }
        if !plain_click(ev) || panel::element().is_none() {
            return None;
        }
        let node = node_of(ev)?;
        let href = node.get_attribute("href")?;
        // A group expands into a new drawing: that is a page of its own.
        if !href.contains("node=") {
            return None;
        }
        ev.prevent_default();
        Some(Choice {
            href,
            node: node.get_attribute("data-id"),
        })
    }

    /// Zooms to `zoom` percent, keeping the chosen node in view, or else the point of the
    /// drawing at the centre of the view where it was.
    fn zoom_to(&mut self, zoom: u32) {
        let canvas = self.canvas();
        // The centre of the view in the drawing's own units (100 %).
        let centre = canvas.as_ref().map(|c| {
            let unscale = |at: i32| i64::from(at) * 100 / i64::from(self.zoom.max(1));
            (
                unscale(c.scroll_left() + c.client_width() / 2),
                unscale(c.scroll_top() + c.client_height() / 2),
            )
        });
        self.zoom = zoom;
        if let Some(svg) = self.figure.query_selector("svg").ok().flatten() {
            let _ = svg.set_attribute("width", &scaled(self.size.0, zoom).to_string());
            let _ = svg.set_attribute("height", &scaled(self.size.1, zoom).to_string());
        }
        for level in all(&self.figure, "[data-zoom-level]") {
            level.set_text_content(Some(&format!("{zoom} %")));
        }
        if self.chosen.is_some() {
            self.reveal();
        } else if let (Some(canvas), Some((x, y))) = (canvas, centre) {
            let scale = |at: i64| i32::try_from(at * i64::from(zoom) / 100).unwrap_or(0);
            canvas.set_scroll_left(scale(x) - canvas.client_width() / 2);
            canvas.set_scroll_top(scale(y) - canvas.client_height() / 2);
        }
    }

    /// Scrolls the canvas, if needed, so that the chosen node is in view (centred).
    fn reveal(&self) {
        let (Some(chosen), Some(canvas)) = (&self.chosen, self.canvas()) else {
            return;
        };
        let Some(rect) = self
            .nodes
            .iter()
            .find(|(id, _)| id == chosen)
            .and_then(|(_, node)| node.query_selector("rect").ok().flatten())
        else {
            return;
        };
        // Whole units are enough to scroll by, and keep float parsing out of the bundle.
        let number = |name: &str| {
            let units = rect
                .get_attribute(name)
                .and_then(|v| v.split('.').next()?.parse::<u32>().ok())
                .unwrap_or(0);
            i32::try_from(scaled(units, self.zoom)).unwrap_or(0)
        };
        let (x, y, w, h) = (number("x"), number("y"), number("width"), number("height"));
        let into_view = |start: i32, room: i32, at: i32, size: i32| {
            let inside = at >= start && at + size <= start + room;
            (!inside).then_some(at + size / 2 - room / 2)
        };
        if let Some(left) = into_view(canvas.scroll_left(), canvas.client_width(), x, w) {
            canvas.set_scroll_left(left);
        }
        if let Some(top) = into_view(canvas.scroll_top(), canvas.client_height(), y, h) {
            canvas.set_scroll_top(top);
        }
    }

    fn canvas(&self) -> Option<Element> {
        self.figure.query_selector(".graph-canvas").ok().flatten()
    }

    /// Starts panning when the canvas background (not a node, not a tool) is pressed.
    fn grab(&mut self, ev: &Event) {
        let Some(pointer) = ev.dyn_ref::<PointerEvent>() else {
            return;
        };
        let on_canvas = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest(".graph-canvas").ok().flatten());
        let (Some(canvas), None, 0) = (on_canvas, node_of(ev), pointer.button()) else {
            return;
        };
        let _ = canvas.set_pointer_capture(pointer.pointer_id());
        self.grab = Some((
            pointer.client_x(),
            pointer.client_y(),
            canvas.scroll_left(),
            canvas.scroll_top(),
        ));
    }

    /// Pans while the background is held.
    fn drag(&self, ev: &Event) {
        let (Some((x, y, left, top)), Some(pointer), Some(canvas)) =
            (self.grab, ev.dyn_ref::<PointerEvent>(), self.canvas())
        else {
            return;
        };
        canvas.set_scroll_left(left - (pointer.client_x() - x));
        canvas.set_scroll_top(top - (pointer.client_y() - y));
    }
}

/// The elements under `root` matching `selector`.
fn all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

/// The node element an event happened in, if any.
fn node_of(ev: &Event) -> Option<Element> {
    ev.target()?
        .dyn_into::<Element>()
        .ok()?
        .closest("[data-id]")
        .ok()
        .flatten()
}
