// libedit (the BSD line editor) for TribShell.
//
// Swift cannot call C variadic functions, and `el_set`, `el_get` and `history` are all variadic,
// so every call TribShell makes through them has a non-variadic wrapper here. The histedit API is
// used rather than libedit's readline emulation because it lets the caller supply the function
// that reads characters (`EL_GETCFN`), which is how a Ctrl-C arriving as a signal on another
// thread abandons the line being edited, and it hands the editor's own `EditLine *` and client
// data to every callback, so callbacks need no global state.

#ifndef TRIB_CEDITLINE_SHIM_H
#define TRIB_CEDITLINE_SHIM_H

#include <histedit.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

/// Reads one character for the editor; returns 1, 0 at end of input, or -1 with errno set.
typedef int (*trib_el_read_char_t)(EditLine *, wchar_t *);
/// Returns the prompt to show.
typedef char *(*trib_el_prompt_t)(EditLine *);
/// An editor function bound to a key; returns one of the CC_* codes.
typedef unsigned char (*trib_el_function_t)(EditLine *, int);

/// Opens an editor on the process's standard input, output and error.
static inline EditLine *trib_el_init(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}

/// Sets the prompt function; text between two `literal` characters is printed as is and takes no
/// room on the screen (for terminal colour sequences).
static inline int trib_el_set_prompt(EditLine *el, trib_el_prompt_t prompt, char literal) {
    return el_set(el, EL_PROMPT_ESC, prompt, literal);
}

/// Sets the right prompt's function: shown at the right end of the line, redrawn with it.
static inline int trib_el_set_right_prompt(EditLine *el, trib_el_prompt_t prompt, char literal) {
    return el_set(el, EL_RPROMPT_ESC, prompt, literal);
}

/// Chooses the emacs key bindings (and resets every binding made before).
static inline int trib_el_use_emacs_bindings(EditLine *el) {
    return el_set(el, EL_EDITOR, "emacs");
}

/// Registers a named editor function.
static inline int trib_el_add_function(EditLine *el, const char *name, const char *help,
                                       trib_el_function_t function) {
    return el_set(el, EL_ADDFN, name, help, function);
}

/// Binds a key (written as `^I`, `\e[A`…) to an editor function by name.
static inline int trib_el_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, (const char *)NULL);
}

/// Replaces the function that reads each character.
static inline int trib_el_set_read_char(EditLine *el, trib_el_read_char_t read_char) {
    return el_set(el, EL_GETCFN, read_char);
}

/// Stores a pointer that callbacks get back with `trib_el_client_data`.
static inline int trib_el_set_client_data(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

/// The pointer stored with `trib_el_set_client_data`.
static inline void *trib_el_client_data(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) {
        return NULL;
    }
    return data;
}

/// Lets the editor browse `history` with the arrow keys.
static inline int trib_el_set_history(EditLine *el, History *history_list) {
    return el_set(el, EL_HIST, history, history_list);
}

/// Keeps at most `size` entries in `history_list`.
static inline int trib_history_set_size(History *history_list, int size) {
    HistEvent event;
    return history(history_list, &event, H_SETSIZE, size);
}

/// Appends an entry.
static inline int trib_history_enter(History *history_list, const char *entry) {
    HistEvent event;
    return history(history_list, &event, H_ENTER, entry);
}

/// Removes every entry.
static inline int trib_history_clear(History *history_list) {
    HistEvent event;
    return history(history_list, &event, H_CLEAR);
}

/// The width of the terminal on `fd` in columns, or 0 when it is not a terminal.
static inline int trib_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) {
        return 0;
    }
    return size.ws_col;
}

#endif
