import json,hashlib,random,sys
# usage: sample.py decls.jsonl half n seed
src,want,n,seed=sys.argv[1],sys.argv[2],int(sys.argv[3]),int(sys.argv[4])
decls=[json.loads(l) for l in open(src)]
SHARING={'share','disclose','transfer','sell','rent'}
def sells(d):
    if d['negated']: return False
    if d['action'] in ('sell','rent'): return True
    return d['action'] in SHARING and any(p['category']=='data-sale' for p in d['purposes'])
def svc(d): return d['evidence']['file'].split('ota-privacy-policies/')[1].split('/')[0]
def half(s): return 'dev' if int(hashlib.sha1(s.encode()).hexdigest(),16)%2==0 else 'val'
pool=sorted({(d['evidence']['file'],d['evidence']['line'],d['action']):d for d in decls if sells(d) and half(svc(d))==want}.items())
print(len(pool),file=sys.stderr)
random.Random(seed).shuffle(pool)
for (f,l,a),d in pool[:n]:
    print(json.dumps({'file':f,'line':l,'action':a,'purposes':[p['category'] for p in d['purposes']],'recipients':[r['category'] for r in d['recipients']],'quote':d['evidence']['quote'],'context':d['evidence'].get('context')}))
