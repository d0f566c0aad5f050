"""One traversal of the tree: scopes, bindings, calls and returns, in source order.

Everything kerlint understands is derived from what this pass records, so
that each file is visited once whatever the number of rules. Each statement
gets an increasing `order`; a name used at order N means the last binding
before N in its scope (scripts are mostly straight-line code, which is what
this models; loops and branches fall back to "the last assignment above").
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Optional, Union

import libcst as cst

from kerlint.analysis.names import ImportTable

Path = tuple  # index path into a tuple-unpacking target, e.g. (1, 0)


@dataclass(eq=False)
class Binding:
    name: str
    value: Optional[cst.CSTNode]  # the assigned expression; FunctionDef/ClassDef for defs
    path: Path
    order: int
    scope: "Scope"
    kind: str  # assign | aug | for | with | param | def | class | import
    target: cst.CSTNode
    op: Optional[cst.BaseAugOp] = None


@dataclass(eq=False)
class Scope:
    kind: str  # module | function | class
    node: cst.CSTNode
    parent: Optional["Scope"]
    name: str = ""
    bindings: dict = field(default_factory=dict)
    # function scopes: (expression, order) of each `return`
    returns: list = field(default_factory=list)
    # class scopes: `self.x = ...` assignments made in its methods
    attributes: dict = field(default_factory=dict)
    # function scopes: the CallSites that call this function by name
    call_sites: list = field(default_factory=list)

    def bind(self, binding: Binding) -> None:
        self.bindings.setdefault(binding.name, []).append(binding)

    def resolve(self, name: str, order: int) -> Optional[Binding]:
        """The binding a use of `name` at `order` sees (Python's scoping, class bodies skipped)."""
        scope: Optional[Scope] = self
        while scope is not None:
            if scope.kind == "class" and scope is not self:
                scope = scope.parent
                continue
            found = scope.bindings.get(name)
            if found:
                before = [b for b in found if b.order < order]
                return before[-1] if before else found[0]
            scope = scope.parent
        return None

    @property
    def enclosing_class(self) -> Optional["Scope"]:
        """For a method's scope, the class it belongs to."""
        if self.kind == "function" and self.parent is not None and self.parent.kind == "class":
            return self.parent
        return None


@dataclass(eq=False)
class Loop:
    """A `for` statement: its statements have orders in (start, end]."""

    node: cst.For
    start: int
    end: int
    scope: "Scope"

    def contains(self, order: int) -> bool:
        return self.start < order <= self.end


@dataclass(eq=False)
class CallSite:
    node: cst.Call
    order: int
    scope: Scope


class Collector:
    """Walks the tree once (see `walk`), calling `visit_<Type>` / `leave_<Type>` like a CSTVisitor."""

    def __init__(self) -> None:
        self.imports = ImportTable()
        self.order = 0
        self.module_scope: Optional[Scope] = None
        self.scope: Optional[Scope] = None
        self.calls: list[CallSite] = []
        self.functions: dict[int, Scope] = {}  # id(FunctionDef) -> its scope
        self.classes: dict[int, Scope] = {}  # id(ClassDef) -> its scope
        self.all_bindings: list[Binding] = []
        self.scope_of: dict[int, tuple] = {}  # id(Call) -> (scope, order), for calls
        self.import_nodes: list = []  # Import / ImportFrom statements, in order
        # `name.attr` reads (CallSite-like tuples: node, scope, order) and the
        # attribute names assigned per variable (`model.my_flag = True`).
        self.loops: list = []  # Loop, for every `for` statement
        self._loop_starts: list = []
        self.attribute_reads: list = []
        self.assigned_attributes: dict = {}  # variable name -> set of attribute names
        self._targets: set = set()

    # -- the walk -----------------------------------------------------------
    def walk(self, module: cst.Module) -> None:
        """Depth-first, in source order, over the fields of each node.

        LibCST's own visitor rebuilds every node it passes (it is shared with
        transformers): on real Keras code it costs as much as the parse. Reading
        the dataclass fields directly costs about a fifth of it.
        """
        stack: list = [module]
        plans = _plans(type(self))
        node_type = cst.CSTNode
        while stack:
            node = stack.pop()
            kind = type(node)
            if kind is _Leave:
                node.handler(self, node.node)
                continue
            plan = plans.get(kind)
            if plan is None:
                plan = plans[kind] = _plan(type(self), kind)
            statement, visit, leave, fields = plan
            if statement:
                self.order += 1
            if visit is not None:
                visit(self, node)
            if leave is not None:
                stack.append(_Leave(leave, node))
            children = []
            for name in fields:
                value = getattr(node, name)
                if isinstance(value, node_type):
                    children.append(value)
                elif type(value) in (list, tuple):
                    children.extend(v for v in value if isinstance(v, node_type))
            stack.extend(reversed(children))

    def _bind(self, name: str, value, target, kind: str, path: Path = (), op=None, scope=None) -> None:
        scope = scope or self.scope
        binding = Binding(name, value, path, self.order, scope, kind, target, op)
        scope.bind(binding)
        self.all_bindings.append(binding)

    def _bind_target(self, target: cst.BaseExpression, value, kind: str, path: Path = ()) -> None:
        if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
            self._targets.add(id(target))
            self.assigned_attributes.setdefault(target.value.value, set()).add(target.attr.value)
        if isinstance(target, cst.Name):
            self._bind(target.value, value, target, kind, path)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for i, element in enumerate(target.elements):
                inner = element.value
                if isinstance(element, cst.StarredElement):
                    self._bind_target(inner, None, kind, path + ("*",))
                else:
                    self._bind_target(inner, value, kind, path + (i,))
        elif isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
            self._bind_attribute(target, value, kind, path)

    def _bind_attribute(self, target: cst.Attribute, value, kind: str, path: Path) -> None:
        """`self.dense = Dense(10)` inside a method is an attribute of the class."""
        klass = self.scope.enclosing_class if self.scope else None
        fn = self.scope.node if self.scope else None
        if klass is None or not isinstance(fn, cst.FunctionDef) or not fn.params.params:
            return
        if target.value.value != fn.params.params[0].name.value:  # type: ignore[union-attr]
            return
        binding = Binding(target.attr.value, value, path, self.order, self.scope, kind, target)
        klass.attributes.setdefault(target.attr.value, []).append(binding)

    # -- scopes -----------------------------------------------------------
    def visit_Module(self, node: cst.Module) -> None:
        self.module_scope = self.scope = Scope("module", node, None, "<module>")

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._bind(node.name.value, node, node.name, "def")
        scope = Scope("function", node, self.scope, node.name.value)
        self.functions[id(node)] = scope
        self.scope = scope
        params = node.params
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            self._bind(param.name.value, param.default, param.name, "param")
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                self._bind(star.name.value, None, star.name, "param")

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.scope = self.scope.parent

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bind(node.name.value, node, node.name, "class")
        scope = Scope("class", node, self.scope, node.name.value)
        self.classes[id(node)] = scope
        self.scope = scope

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.scope = self.scope.parent

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self.imports.local_names.update(p.name.value for p in node.params.params)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        # Comprehension variables live in their own scope: not bindings of
        # the enclosing one, but never star-imported names either.
        for name in _names_in(node.target):
            self.imports.local_names.add(name)

    # -- bindings ---------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> None:
        self.imports.add_import(node)
        self.import_nodes.append(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.imports.add_import_from(node)
        self.import_nodes.append(node)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind_target(target.target, node.value, "assign")

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind_target(node.target, node.value, "assign")

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if isinstance(node.value, cst.Name) and id(node) not in self._targets:
            self.attribute_reads.append((node, self.scope, self.order))

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Attribute):
            self._bind_target(node.target, None, "other")
        if isinstance(node.target, cst.Name):
            self._bind(node.target.value, node.value, node.target, "aug", op=node.operator)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind_target(node.target, node.value, "assign")

    def visit_For(self, node: cst.For) -> None:
        self._bind_target(node.target, node.iter, "for")
        self._loop_starts.append((node, self.order, self.scope))

    def leave_For(self, original_node: cst.For) -> None:
        node, start, scope = self._loop_starts.pop()
        self.loops.append(Loop(node, start, self.order, scope))

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind_target(node.asname.name, node.item, "with")  # type: ignore[arg-type]

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None and isinstance(node.name.name, cst.Name):
            self._bind(node.name.name.value, None, node.name.name, "other")

    # -- uses -------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(CallSite(node, self.order, self.scope))
        self.scope_of[id(node)] = (self.scope, self.order)

    def visit_Return(self, node: cst.Return) -> None:
        if self.scope.kind == "function" and node.value is not None:
            self.scope.returns.append((node.value, self.order))

    def finish(self) -> None:
        """Link functions to their call sites; aliasing assignments (`keras = tf.keras`) join the imports."""
        for site in self.calls:
            if isinstance(site.node.func, cst.Name):
                binding = site.scope.resolve(site.node.func.value, site.order)
                if binding is None:
                    continue
                if binding.kind == "def" and id(binding.value) in self.functions:
                    self.functions[id(binding.value)].call_sites.append(site)
                elif binding.kind == "class" and id(binding.value) in self.classes:
                    # Net(num_classes=5) calls Net.__init__
                    for init in self.classes[id(binding.value)].bindings.get("__init__", []):
                        if init.kind == "def":
                            self.functions[id(init.value)].call_sites.append(site)
        for binding in self.all_bindings:
            if binding.kind not in ("import",):
                self.imports.local_names.add(binding.name)
        # A name assigned more than once (`data = mnist` ... `data = fashion_mnist`)
        # means different things at different places: the file-wide alias table
        # cannot say which, so such names are not aliases.
        assignments: dict = {}
        for binding in self.all_bindings:
            assignments[binding.name] = assignments.get(binding.name, 0) + 1
        for _ in range(3):  # chains such as `K = tf.keras; L = K.layers`
            changed = False
            for binding in self.all_bindings:
                if assignments[binding.name] > 1:
                    continue
                if binding.kind == "assign" and not binding.path and isinstance(binding.value, (cst.Name, cst.Attribute)):
                    before = self.imports.aliases.get(binding.name)
                    self.imports.local_names.discard(binding.name)
                    if self.imports.add_alias(binding.name, binding.value):
                        changed |= before != self.imports.aliases.get(binding.name)
                    else:
                        self.imports.local_names.add(binding.name)
            if not changed:
                break


def argument(call: cst.Call, index: Optional[int], keyword: str) -> Optional[cst.BaseExpression]:
    """The argument passed by keyword, or at a position (before any keyword)."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    if index is not None and index >= 0:
        positional = [a for a in call.args if a.keyword is None]
        if any(a.star for a in positional[: index + 1]):
            return None
        if index < len(positional):
            return positional[index].value
    return None


def argument_for(call: cst.Call, function: cst.FunctionDef, name: str) -> Optional[cst.BaseExpression]:
    """The expression a call passes for parameter `name` of `function` (or its default)."""
    params = [*function.params.posonly_params, *function.params.params]
    # A method's first parameter is bound by the instance (or class), not passed.
    offset = 1 if params and params[0].name.value in ("self", "cls") else 0
    for index, param in enumerate(params):
        if param.name.value == name:
            if index < offset:
                return None  # `self` is bound by the call, never passed
            return argument(call, index - offset, name) or param.default
    for param in function.params.kwonly_params:
        if param.name.value == name:
            return argument(call, None, name) or param.default
    return None


def _names_in(target: cst.BaseExpression) -> list[str]:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for e in target.elements for n in _names_in(e.value)]
    return []


def collect(module: cst.Module) -> Collector:
    collector = Collector()
    collector.walk(module)
    collector.finish()
    return collector


class _Leave:
    __slots__ = ("handler", "node")

    def __init__(self, handler, node) -> None:
        self.handler = handler
        self.node = node


# Fields that hold only punctuation, whitespace and comments: never walked.
_SKIPPED_FIELDS = frozenset(
    {"lpar", "rpar", "comma", "semicolon", "leading_lines", "lines_after_decorators", "header", "footer",
     "trailing_whitespace", "equal", "colon", "dot", "operator", "lbracket", "rbracket", "lbrace", "rbrace",
     "whitespace_before", "whitespace_after", "whitespace_before_colon", "whitespace_after_colon",
     "whitespace_after_def", "whitespace_after_class", "whitespace_before_params", "whitespace_after_star",
     "whitespace_after_star_star", "whitespace_before_args", "whitespace_after_func", "whitespace_after_arg",
     "whitespace_before_as", "whitespace_after_as", "whitespace_after_import", "whitespace_before_import",
     "whitespace_after_from", "whitespace_after_await", "whitespace_after_lambda", "whitespace_before_in",
     "whitespace_after_in", "whitespace_before_if", "whitespace_after_if", "whitespace_before_else",
     "whitespace_after_else", "whitespace_after_for", "whitespace_before_walrus", "whitespace_after_walrus",
     "whitespace_after_return", "whitespace_after_with", "whitespace_before_indicator",
     "whitespace_after_indicator", "whitespace_after_at", "whitespace_after_cls", "whitespace_before_value",
     "whitespace_after_value", "whitespace_after_del", "whitespace_after_global", "whitespace_after_nonlocal"}
)
_FIELDS: dict = {}
_HANDLERS: dict = {}


def _child_fields(kind: type) -> tuple:
    fields = _FIELDS.get(kind)
    if fields is None:
        fields = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind) if f.name not in _SKIPPED_FIELDS)
    return fields


_PLANS: dict = {}


def _plans(owner: type) -> dict:
    """Per collector class: node type -> what the walk does with such a node (see _plan)."""
    return _PLANS.setdefault(owner, {})


def _plan(owner: type, kind: type) -> tuple:
    """(is a statement, visit handler, leave handler, child fields): worked out once per node type,
    since `issubclass` on LibCST's abstract bases is slow and the walk meets every node."""
    visit, leave = _handlers(owner, kind)
    return issubclass(kind, (cst.BaseSmallStatement, cst.BaseCompoundStatement)), visit, leave, _child_fields(kind)


def _handlers(owner: type, kind: type) -> tuple:
    key = (owner, kind)
    found = _HANDLERS.get(key)
    if found is None:
        name = kind.__name__
        found = _HANDLERS[key] = (getattr(owner, f"visit_{name}", None), getattr(owner, f"leave_{name}", None))
    return found


Expr = Union[cst.BaseExpression, cst.CSTNode]
