exec(open('/tmp/g5/gen.py').read().split('# PrevPerm')[0])
OUT='/tmp/g5/lab9'; PREV='/tmp/g5/lab9prev'
cases={'K1':[('01/04/2025','26/03/2026'),('27/03/2026','28/03/2026')],'K2':[('01/04/2025','26/03/2026'),('27/03/2026','')],
'K3':[('01/04/2025','28/03/2026'),('01/05/2025','01/06/2025')],'K4':[('01/04/2025','28/03/2026'),('29/03/2026','30/03/2026')],
'K5':[('01/04/2025','20/03/2026'),('27/03/2026','28/03/2026')],'K6':[('01/04/2025','26/03/2026'),('01/04/2026','')],
'K7':[('01/04/2025','26/03/2026','FCONTA')],'K8':[('01/04/2025','26/03/2026'),('26/03/2026','27/03/2026')],
'K9':[('01/04/2025','28/03/2026'),('01/05/2025','')],'L1':[('01/05/2025','28/03/2026'),('01/04/2025','01/06/2025')],
'L2':[('01/04/2025','01/06/2025'),('02/06/2025','27/03/2026'),('28/03/2026','29/03/2026')]}
for c,rows in cases.items():
    H(c); E(c,'01/05/2024','S')
    for r in rows:
        R('sw_episodes.csv',CHILD=c,DOB=DOB,SW_ID='SW999',SW_DECOM=r[0],SW_DEC=r[1],SW_REASON=r[2] if len(r)>2 else 'MANAGE')
H('DUMMY',tab=P); E('DUMMY','01/01/2024',tab=P)
for d,tab in [(OUT,T),(PREV,P)]:
    os.makedirs(d,exist_ok=True)
    for f,cs in cols.items():
        with open(os.path.join(d,f),'w',newline='') as fh:
            w=csv.DictWriter(fh,cs,lineterminator='\n'); w.writeheader()
            for r in tab[f]: w.writerow({k:r.get(k,'') for k in cs})
