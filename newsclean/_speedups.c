/* newsclean._speedups: compiled forms of a few pure-Python functions.
 *
 * Each function here has a pure-Python twin, which is the rule's definition and
 * what runs when this module is not built (no C compiler at install time) or when
 * NEWSCLEAN_PURE=1 is set: see newsclean/_native.py. They must give the same
 * result for every input; tests/test_native.py checks each pair on generated and
 * real pages. Every loop here is linear in its input, with no recursion.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static unsigned char lower(unsigned char c) { return is_upper(c) ? (unsigned char)(c + 32) : c; }
static int is_letter(unsigned char c) { c = lower(c); return c >= 'a' && c <= 'z'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
/* What \s matches in a bytes pattern of Python's re. */
static int is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Whether buf[at:at+len(word)], lower-cased, is ``word`` (lower case). */
static int matches_lower(const unsigned char *buf, Py_ssize_t n, Py_ssize_t at, const char *word) {
    Py_ssize_t k = 0;
    for (; word[k]; k++) {
        if (at + k >= n || lower(buf[at + k]) != (unsigned char)word[k])
            return 0;
    }
    return 1;
}

/* The first position at or after ``from`` where ``needle`` (lower case) starts in
 * buf lower-cased, or n. memchr to each candidate first byte: linear, since a match
 * is tested over strlen(needle) bytes at most. */
static Py_ssize_t find_lower(const unsigned char *buf, Py_ssize_t n, Py_ssize_t from, const char *needle) {
    unsigned char first = (unsigned char)needle[0];  /* '<' or '-': no case */
    Py_ssize_t i = from;
    while (i < n) {
        const unsigned char *p = memchr(buf + i, first, (size_t)(n - i));
        if (p == NULL)
            return n;
        i = p - buf;
        if (matches_lower(buf, n, i, needle))
            return i;
        i++;
    }
    return n;
}

/* The raw text elements of html.RAW_TEXT_TAGS (the module exports them, and a test
 * holds the two lists equal), and their end tags as searched for. */
static const char *RAW_TAGS[] = {"script", "style", "title", "textarea", "xmp",
                                 "iframe", "noembed", "noframes", NULL};
static const char *RAW_ENDS[] = {"</script", "</style", "</title", "</textarea", "</xmp",
                                 "</iframe", "</noembed", "</noframes", NULL};

PyDoc_STRVAR(nests_deeper_doc,
"nests_deeper(markup, limit, flat_tags) -> bool\n\n"
"Whether an element of ``markup`` (bytes) is opened deeper than ``limit``: the\n"
"compiled form of newsclean.readers.html._nests_deeper (see there for the rule).\n"
"``flat_tags`` is the frozenset of lower-case tag names (bytes) that never count.");

/* The tags are read as _TAG_OR_RAW_RE finds them in the lower-cased markup: at each
 * "<", a comment (up to its "-->"), a raw text element (up to its end tag), or a tag
 * name "/?[a-z][a-z0-9]*"; anything else after "<" is passed over. */
static PyObject *nests_deeper(PyObject *self, PyObject *args) {
    Py_buffer view;
    Py_ssize_t limit;
    PyObject *flat;
    if (!PyArg_ParseTuple(args, "y*nO!:nests_deeper", &view, &limit, &PyFrozenSet_Type, &flat))
        return NULL;
    const unsigned char *buf = (const unsigned char *)view.buf;
    Py_ssize_t n = view.len, i = 0, depth = 0;
    PyObject *counts = PyDict_New();  /* name -> elements of it open */
    char small[64];
    char *name = small;
    Py_ssize_t name_cap = (Py_ssize_t)sizeof(small);
    int deeper = 0, failed = counts == NULL;

    while (!failed && !deeper && i < n) {
        const unsigned char *p = memchr(buf + i, '<', (size_t)(n - i));
        if (p == NULL)
            break;
        i = p - buf;
        Py_ssize_t j = i + 1;
        if (j + 2 < n && buf[j] == '!' && buf[j + 1] == '-' && buf[j + 2] == '-') {
            i = find_lower(buf, n, j + 3, "-->");  /* a comment */
            continue;
        }
        int raw = -1;
        for (int t = 0; RAW_TAGS[t]; t++) {
            Py_ssize_t len = (Py_ssize_t)strlen(RAW_TAGS[t]);
            if (j + len < n && matches_lower(buf, n, j, RAW_TAGS[t])
                    && (is_space(buf[j + len]) || buf[j + len] == '/' || buf[j + len] == '>')) {
                raw = t;
                break;
            }
        }
        if (raw >= 0) {
            i = find_lower(buf, n, j + (Py_ssize_t)strlen(RAW_TAGS[raw]), RAW_ENDS[raw]);
            continue;
        }
        int closing = j < n && buf[j] == '/';
        Py_ssize_t start = j + closing;
        if (start >= n || !is_letter(buf[start])) {
            i = j;  /* "<" followed by no tag */
            continue;
        }
        Py_ssize_t end = start + 1;
        while (end < n && (is_letter(buf[end]) || is_digit(buf[end])))
            end++;
        i = end;
        Py_ssize_t len = end - start;
        if (len > name_cap) {
            char *grown = (char *)PyMem_Realloc(name == small ? NULL : name, (size_t)len);
            if (grown == NULL) {
                PyErr_NoMemory();
                failed = 1;
                break;
            }
            name = grown;
            name_cap = len;
        }
        for (Py_ssize_t k = 0; k < len; k++)
            name[k] = (char)lower(buf[start + k]);
        PyObject *key = PyBytes_FromStringAndSize(name, len);
        if (key == NULL) {
            failed = 1;
            break;
        }
        int is_flat = PySet_Contains(flat, key);
        if (is_flat < 0) {
            failed = 1;
        } else if (!is_flat) {
            PyObject *old = PyDict_GetItemWithError(counts, key);  /* borrowed */
            Py_ssize_t open = old ? PyLong_AsSsize_t(old) : 0;
            if (PyErr_Occurred()) {
                failed = 1;
            } else if (closing) {
                if (open > 0) {
                    PyObject *v = PyLong_FromSsize_t(open - 1);
                    failed = v == NULL || PyDict_SetItem(counts, key, v) < 0;
                    Py_XDECREF(v);
                    depth--;
                }
            } else {
                PyObject *v = PyLong_FromSsize_t(open + 1);
                failed = v == NULL || PyDict_SetItem(counts, key, v) < 0;
                Py_XDECREF(v);
                if (++depth > limit)
                    deeper = 1;
            }
        }
        Py_DECREF(key);
    }
    if (name != small)
        PyMem_Free(name);
    Py_XDECREF(counts);
    PyBuffer_Release(&view);
    if (failed)
        return NULL;
    return PyBool_FromLong(deeper);
}

static PyMethodDef methods[] = {
    {"nests_deeper", nests_deeper, METH_VARARGS, nests_deeper_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "newsclean._speedups",
    "Compiled forms of a few of newsclean's pure-Python functions (see newsclean._native).",
    -1, methods,
};

/* The module, with the raw text elements it knows as RAW_TEXT_TAGS: a test holds them
 * to newsclean.readers.html.RAW_TEXT_TAGS, the list the pure-Python twin reads. */
PyMODINIT_FUNC PyInit__speedups(void) {
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    Py_ssize_t n = 0;
    while (RAW_TAGS[n])
        n++;
    PyObject *tags = PyTuple_New(n);
    for (Py_ssize_t t = 0; tags != NULL && t < n; t++) {
        PyObject *name = PyUnicode_FromString(RAW_TAGS[t]);
        if (name == NULL) {
            Py_CLEAR(tags);
            break;
        }
        PyTuple_SET_ITEM(tags, t, name);
    }
    if (tags == NULL || PyModule_AddObject(m, "RAW_TEXT_TAGS", tags) < 0) {
        Py_XDECREF(tags);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
