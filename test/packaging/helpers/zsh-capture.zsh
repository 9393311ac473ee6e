# Asks a real interactive zsh what it completes, the way a user's Tab does, and writes down
# every word it offers. zsh completes only inside its line editor, so this script starts a
# second zsh on a pseudo-terminal (zpty), types each line there followed by Tab, and records
# the words the completion functions hand to compadd, together with their display strings.
#
#   zsh -f zsh-capture.zsh FPATH_DIR OUT_FILE LINE...
#
# OUT_FILE gets, for each LINE: "@@ LINE", one "M word" per match (as the word would read on
# the line), one "D text" per display string (an option with its description), then "@@end".
# Used by test/packaging/completion/zsh.test.ts.

if [[ $1 == --inside ]]; then
    # Sourced by the zsh on the pseudo-terminal: no prompt, completion from FPATH_DIR only added
    # to the default path, Tab bound to our recording widget, Ctrl-U to empty the line.
    local dir=$2
    typeset -g capture_out=$3
    PS1= RPS1=
    # Wide enough that no description is cut to fit the listing.
    stty columns 1000 2>/dev/null
    fpath=($dir $fpath)
    autoload -U compinit && compinit -u -D
    zmodload zsh/zutil
    bindkey -e
    bindkey '^U' kill-whole-line

    # compadd with -O, -A or -D only collects or filters matches for the caller: left alone.
    # Any other call is recorded (the matches zsh keeps for what is typed), then made for real.
    compadd() {
        if [[ " ${@[1,(i)(-|--)]} " == *\ -[[:alnum:]]#[OAD]* ]]; then
            builtin compadd "$@"
            return
        fi
        local -a hits shown pre_p pre_P
        local name word
        builtin compadd -A hits "$@"
        if (( ${@[(I)-d]} )); then
            name=${@[${@[(i)-d]}+1]}
            if [[ $name == \(* ]]; then eval "shown=$name"; else shown=("${(@P)name}"); fi
        fi
        zparseopts -E P:=pre_P p:=pre_p
        for word in $hits; do
            print -r -- "M $IPREFIX${${(j::)pre_P}#-P}${${(j::)pre_p}#-p}$word" >>$capture_out
        done
        for word in $shown; do print -r -- "D $word" >>$capture_out; done
        builtin compadd "$@"
    }

    # Complete as Tab would, but neither list nor insert: the line stays as typed.
    record-completion() {
        print -r -- "@@ $BUFFER" >>$capture_out
        _main_complete
        compstate[list]=
        compstate[insert]=
        print -r -- "@@end" >>$capture_out
        print -n -- "${:-capture}-finished"
    }
    zle -C record-completion complete-word record-completion
    bindkey '^I' record-completion
    print -- "${:-capture}-ready"
    return
fi

zmodload zsh/zpty || exit 3
local dir=$1 out=$2 line junk
shift 2
: >$out
zpty capture zsh -f -i
zpty -w capture "source ${(q)0:A} --inside ${(q)dir:A} ${(q)out:A}"
zpty -r capture junk '*capture-ready*' || exit 4
for line in "$@"; do
    zpty -w -n capture "$line"$'\t'
    zpty -r capture junk '*capture-finished*' || exit 5
    zpty -w -n capture $'\C-u'
done
zpty -d capture
