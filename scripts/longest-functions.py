#!/usr/bin/env python3
# Longest functions in src/: each '{' ... '}' block whose opening line ends a signature (")"
# or "const" / "override" / "-> T" before "{") at namespace level, counted from the signature's
# first line to the closing brace. Strings, chars and comments are skipped when matching braces.
# Usage: scripts/longest-functions.py [--top N] [ROOT]   (issue 15's closing-note figures)
import argparse, re, sys, pathlib, subprocess
ap = argparse.ArgumentParser(description="The longest functions in src/ (lines from signature to closing brace).")
ap.add_argument("root", nargs="?", default=".", help="the repository (default: .)")
ap.add_argument("--top", type=int, default=10, help="how many to list (default 10)")
args = ap.parse_args()
root = pathlib.Path(args.root)
top = args.top
files = subprocess.run(['git','ls-files','src/*.cc','src/*.h','src/*.inc'],cwd=root,capture_output=True,text=True).stdout.split()
def strip(text):
    out=[]; i=0; n=len(text)
    while i<n:
        c=text[i]
        if text.startswith('//',i):
            j=text.find('\n',i); i=n if j<0 else j; continue
        if text.startswith('/*',i):
            j=text.find('*/',i+2); out.append(' '*((n if j<0 else j+2)-i)); i=n if j<0 else j+2; continue
        if text.startswith('R"',i):
            m=re.match(r'R"([^(]*)\(',text[i:]);
            if m:
                end=text.find(')'+m.group(1)+'"',i); end = n if end<0 else end+len(m.group(1))+2
                out.append(re.sub(r'[^\n]',' ',text[i:end])); i=end; continue
        if c in '"\'':
            j=i+1
            while j<n and text[j]!=c:
                j+= 2 if text[j]=='\\' else 1
            out.append(c+' '*(j-i-1)+c if j<n else ''); i=j+1; continue
        out.append(c); i+=1
    return ''.join(out)
res=[]
for f in files:
    raw=(root/f).read_text(errors='replace'); t=strip(raw)
    stack=[]
    # positions
    for idx,ch in enumerate(t):
        if ch=='{':
            before=t[:idx].rstrip()
            # the statement text before '{' since the last ; } { at this level
            k=max(before.rfind(';'),before.rfind('}'),before.rfind('{'))
            head=before[k+1:].strip()
            is_fn = bool(re.search(r'(\)|\bconst|\boverride|\bnoexcept|->\s*[\w:<>*&, ]+)\s*$', head)) and not re.match(r'(if|for|while|switch|catch|do)\b', head) and '=' not in head.split('(')[0]
            inside_fn = any(s[0] for s in stack)
            stack.append((is_fn and not inside_fn, idx, head))
        elif ch=='}':
            if not stack: continue
            fn, start, head = stack.pop()
            if fn:
                # first line of the head
                head_start = t.rfind(head[:20], 0, start) if head else start
                l0 = t.count('\n',0,head_start)+1; l1=t.count('\n',0,idx)+1
                name=' '.join(head.split())[:100]
                res.append((l1-l0+1,f,l0,name))
res.sort(reverse=True)
for n,f,l,name in res[:top]: print(f"{n:4d}  {f}:{l}  {name}")
