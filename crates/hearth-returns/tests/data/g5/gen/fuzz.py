import os, csv, random, sys, datetime as dt
exec(open('/tmp/g5/gen.py').read().split('# PrevPerm')[0])
seed=int(sys.argv[1]); bad=float(sys.argv[2]) if len(sys.argv)>2 else 0.0
OUT='/tmp/g5/fz%d'%seed; PREV='/tmp/g5/fz%dprev'%seed
rng=random.Random(seed)
def D(d): return d.strftime('%d/%m/%Y')
def rd(a,b):
    a=dt.date(*a); b=dt.date(*b); return a+dt.timedelta(days=rng.randrange((b-a).days))
def maybe_bad(s):
    if bad and rng.random()<bad: return rng.choice(['','bad','31/02/2025','2025-01-01'])
    return s
START=dt.date(2025,4,1)
for n in range(400):
    c='C%03d'%n
    dob=rd((2003,1,1),(2016,1,1)); sex=rng.choice('MF')
    H(c,D(dob),sex)
    has_prev=rng.random()<0.7
    if has_prev: H(c,D(dob),sex,tab=P)
    # episodes
    eps=[]
    if rng.random()<0.9:
        s=rd((2019,1,1),(2026,3,1)); k=rng.choice([1,1,2,3])
        for j in range(k):
            e=s+dt.timedelta(days=rng.choice([1,30,90,200,400,800]))
            open_=(j==k-1 and rng.random()<0.5) or e>dt.date(2026,3,31)
            rec='' if open_ else rng.choice(['E8','E2','E3','E11','X1','E13','E4A'])
            rne='S' if j==0 else rng.choice(['P','L','T','B','S'])
            ls=rng.choice(['C2','C1','V3','V4','J2','E1',''][:6 if rng.random()<0.95 else 7])
            place=rng.choice(['U1','R1','K3','Z11','A3','P1','T0','H5'])
            prov=rng.choice(['PR1','PR0','PR2'])
            eps.append((s,None if open_ else e,rne,ls,place,prov,rec))
            if open_: break
            s=e if rec=='X1' else e+dt.timedelta(days=rng.choice([0,10,100]))
        for (s,e,rne,ls,place,prov,rec) in eps:
            T['episodes.csv'].append(dict(CHILD=c,DECOM=maybe_bad(D(s)),RNE=rne,LS=ls,CIN='N1',PLACE=place,PLACE_PROVIDER=prov,DEC=D(e) if e else '',REC=rec,REASON_PLACE_CHANGE=rng.choice(['','CLOSE','CARPL','XXX']) if rng.random()<0.3 else ''))
            if has_prev and s<START:
                pe=e if (e and e<START) else None
                P['episodes.csv'].append(dict(CHILD=c,DECOM=D(s),RNE=rne,LS=ls,CIN='N1',PLACE=place,PLACE_PROVIDER=prov,DEC=D(pe) if pe else '',REC=rec if pe else ''))
    # oc3
    age=(dt.date(2026,3,31)-dob).days/365.25
    if 16<=age<=22 and rng.random()<0.6:
        R('oc3.csv',CHILD=c,DOB=D(dob) if rng.random()<0.95 else D(rd((2004,1,1),(2010,1,1))),IN_TOUCH=rng.choice(['YES','NO','DIED','']),ACTIV=rng.choice(['F1','G4','']),ACCOM=rng.choice(['Z1','Z2','B1','','z1']))
    if rng.random()<0.1: R('uasc.csv',CHILD=c,SEX=rng.choice([sex,sex,'M','F','']),DOB=D(dob) if rng.random()<0.9 else D(rd((2004,1,1),(2010,1,1))),DUC=rng.choice(['',D(rd((2024,1,1),(2030,1,1)))]))
    if rng.random()<0.5:
        la=rng.choice(['','316','940','WAL','999','ABC','201'])
        dp=rng.choice(['','01/01/2020','zz/05/2025','zz/zz/2024',D(rd((2015,1,1),(2026,3,1))),'zz/13/2019' if bad else '01/02/2019'])
        R('previous_permanence.csv',CHILD=c,DOB=D(dob),PREV_PERM=rng.choice(['P1','P2','Z1','','P9']),LA_PERM=la,DATE_PERM=dp)
    if rng.random()<0.1: R('missing.csv',CHILD=c,DOB=D(dob),MISSING=rng.choice(['M','A','X','']),MIS_START=maybe_bad(D(rd((2025,4,1),(2026,3,1)))),MIS_END=rng.choice(['',D(rd((2025,4,1),(2026,3,1)))]))
    if rng.random()<0.08: R('placed_for_adoption.csv',CHILD=c,DOB=D(dob),DATE_PLACED=D(rd((2019,1,1),(2026,3,1))))
    if rng.random()<0.05: R('ad1.csv',CHILD=c,DOB=D(dob),DATE_INT='01/05/2025',DATE_MATCH='01/05/2025',FOSTER_CARE='0',NB_ADOPTR='1',SEX_ADOPTR='M1',LS_ADOPTR='L0')
    if rng.random()<0.5: R('oc2.csv',CHILD=c,DOB=D(dob) if rng.random()<0.95 else D(rd((2004,1,1),(2016,1,1))))
    for k in range(rng.choice([0,0,1,2,3,4])):
        R('reviews.csv',CHILD=c,DOB=D(dob),REVIEW=D(rd((2025,4,1),(2026,3,1))),REVIEW_CODE='PN1')
    # SW
    if rng.random()<0.7:
        s=rd((2023,6,1),(2026,3,1))
        for k in range(rng.choice([1,1,2,3,4])):
            e=s+dt.timedelta(days=rng.choice([0,1,2,3,5,30,120,300]))
            last=rng.random()<0.3
            R('sw_episodes.csv',CHILD=c,DOB=D(dob),SW_ID=rng.choice(['SW1234','XX999','SW1','AB12']) if rng.random()<0.1 else 'SW1234',SW_DECOM=maybe_bad(D(s)),SW_DEC='' if last or e>dt.date(2026,4,10) else maybe_bad(D(e)),SW_REASON=rng.choice(['MANAGE','FCONTA','OTHERS','XYZ']) if rng.random()<0.9 else rng.choice(['MANAGE','']))
            if last: break
            s=e+dt.timedelta(days=rng.choice([-10,-3,0,0,1,5,8,30]))
# duplicates
for n in range(5):
    c='C%03d'%n
    for f in ['previous_permanence.csv','oc2.csv']:
        rows=[r for r in T[f] if r['CHILD']==c]
        if rows: T[f].append(dict(rows[0]))
for n in range(3): R('oc2.csv',CHILD='NOHDR%d'%n,DOB='01/01/2010'); E('NOHDR%d'%n,'01/05/2025')
H('DUMMY',tab=P); E('DUMMY','01/01/2024',tab=P)
for d,tab in [(OUT,T),(PREV,P)]:
    os.makedirs(d,exist_ok=True)
    for f,cs in cols.items():
        with open(os.path.join(d,f),'w',newline='') as fh:
            w=csv.DictWriter(fh,cs,lineterminator='\n'); w.writeheader()
            for r in tab[f]: w.writerow({k:r.get(k,'') for k in cs})
